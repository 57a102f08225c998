import { createHash, verify } from 'node:crypto';
import request from 'supertest';
import { canonicalJson } from '@/common/crypto/canonical-json';
import { type Parties, seedParties } from '../support/parties';
import { dbSnapshot, requestInStatus } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const day = (offset = 0): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Retention and deletion of received material (issue 15 part 4): AUT (requested) sends documents with
 * RETENTION conditions; VNM (requesting, the receiver) sees how long it keeps them and when it reviews them,
 * reviews them, deletes them (content gone, signed certificate in the chained history, 410 afterwards);
 * VNM's auditors list what is due.
 */
describe('Retention and deletion of received material (issue 15 part 4)', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (token: string | null, id: string, content: Buffer) =>
    request(t.baseUrl)
      .post(`/v1/requests/${id}/attachments`)
      .set('Authorization', `Bearer ${token ?? ''}`)
      .field('kind', 'evidence')
      .attach('file', content, { filename: 'subscriber.csv', contentType: 'text/csv' });
  const download = (token: string | null, id: string, attachmentId: string) =>
    request(t.baseUrl)
      .get(`/v1/requests/${id}/attachments/${attachmentId}`)
      .set('Authorization', `Bearer ${token ?? ''}`);

  /** An MLA request in execution at AUT, with two documents AUT sent: A kept 10 days, B until 2020. */
  async function withRetention(): Promise<{
    id: string;
    a: string;
    b: string;
    contentB: Buffer;
    conditionB: string;
  }> {
    const id = await requestInStatus(p, 'IN_EXECUTION');
    const a = (await upload(p.aut.officer.token, id, Buffer.from(`a,${id}`))).body.id as string;
    const contentB = Buffer.from(`subscriber,ip\nalice,203.0.113.7\n${id}`);
    const b = (await upload(p.aut.officer.token, id, contentB)).body.id as string;
    const ca = await p.aut.officer.post(`/v1/requests/${id}/conditions`, {
      type: 'RETENTION',
      text: 'Delete ten days after receipt',
      retentionDays: 10,
      items: [a],
    });
    expect(ca.status).toBe(201);
    const cb = await p.aut.officer.post(`/v1/requests/${id}/conditions`, {
      type: 'RETENTION',
      text: 'Keep no longer than 2020',
      retentionUntil: '2020-01-01',
      items: [b],
    });
    expect(cb.status).toBe(201);
    return { id, a, b, contentB, conditionB: cb.body.id as string };
  }

  it("should show the receiver its documents' retention and review dates, list them as due, and record a review", async () => {
    const { id, a, b } = await withRetention();
    const listed = await p.vnm.officer.get(`/v1/requests/${id}/attachments`);
    expect(listed.status).toBe(200);
    const byId = (rows: { id: string }[], x: string) => rows.find((r) => r.id === x);
    expect(byId(listed.body, a)).toMatchObject({ retentionUntil: day(10), reviewAt: day(), deletedAt: null });
    expect(byId(listed.body, b)).toMatchObject({ retentionUntil: '2020-01-01', reviewAt: day() });
    // The sender's own copies carry no retention of the receiver.
    const own = await p.aut.officer.get(`/v1/requests/${id}/attachments`);
    expect(byId(own.body, a)).toMatchObject({ retentionUntil: null, reviewAt: null });

    const review = await p.vnm.auditor.get('/v1/audit/retention?due=review');
    expect(review.status).toBe(200);
    const mine = (items: { requestId: string; attachmentId: string }[]) =>
      items.filter((i) => i.requestId === id).map((i) => i.attachmentId);
    expect(mine(review.body.items).sort()).toEqual([a, b].sort());
    const deletion = await p.vnm.auditor.get('/v1/audit/retention?due=deletion');
    expect(mine(deletion.body.items)).toEqual([b]);
    expect(deletion.body.items.find((i: { attachmentId: string }) => i.attachmentId === b)).toMatchObject({
      retentionUntil: '2020-01-01',
      governedBy: { kind: 'condition' },
      senderAuthorityId: p.aut.authorityId,
    });
    // AUT's auditors see none of it (they did not receive it); officers do not read the due list.
    expect(mine((await p.aut.auditor.get('/v1/audit/retention?due=deletion')).body.items)).toEqual([]);
    expect((await p.vnm.officer.get('/v1/audit/retention?due=review')).status).toBe(403);
    const bad = await p.vnm.auditor.get('/v1/audit/retention?due=soon');
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('due');

    // Refusals change nothing.
    const before = await dbSnapshot(t);
    const refusals: [string, Promise<{ status: number; body: any }>, number, string?][] = [
      [
        'beyond the limit',
        p.vnm.officer.post(`/v1/requests/${id}/attachments/${a}/review`, {
          decision: 'keep',
          keepUntil: day(20),
        }),
        400,
        'keepUntil',
      ],
      [
        'keep without a date',
        p.vnm.officer.post(`/v1/requests/${id}/attachments/${a}/review`, { decision: 'keep' }),
        400,
        'keepUntil',
      ],
      [
        'unknown decision',
        p.vnm.officer.post(`/v1/requests/${id}/attachments/${a}/review`, { decision: 'archive' }),
        400,
        'decision',
      ],
      [
        'sender',
        p.aut.officer.post(`/v1/requests/${id}/attachments/${a}/review`, {
          decision: 'keep',
          keepUntil: day(5),
        }),
        403,
      ],
      [
        'auditor',
        p.vnm.auditor.post(`/v1/requests/${id}/attachments/${a}/review`, {
          decision: 'keep',
          keepUntil: day(5),
        }),
        403,
      ],
      [
        'third State',
        p.gha.officer.post(`/v1/requests/${id}/attachments/${a}/review`, {
          decision: 'keep',
          keepUntil: day(5),
        }),
        404,
      ],
    ];
    const problems: string[] = [];
    for (const [name, call, status, field] of refusals) {
      const res = await call;
      if (
        res.status !== status ||
        (field && !res.body.details?.some((d: { field: string }) => d.field === field))
      ) {
        problems.push(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await dbSnapshot(t)).toEqual(before);

    const kept = await p.vnm.officer.post(`/v1/requests/${id}/attachments/${a}/review`, {
      decision: 'keep',
      keepUntil: day(5),
      reason: 'Still needed for the trial',
    });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({
      decision: 'keep',
      retentionUntil: day(5),
      reviewAt: day(5),
      limit: day(10),
    });
    const after = await p.vnm.officer.get(`/v1/requests/${id}/attachments`);
    expect(byId(after.body, a)).toMatchObject({ retentionUntil: day(5), reviewAt: day(5) });
    expect(mine((await p.vnm.auditor.get('/v1/audit/retention?due=review')).body.items)).toEqual([b]);
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(
      history.body.find((e: { action: string }) => e.action === 'review-document').payload,
    ).toMatchObject({
      attachmentId: a,
      decision: 'keep',
      keepUntil: day(5),
      reason: 'Still needed for the trial',
    });
  });

  it('should delete a received document with a signed certificate, answer 410 afterwards, and keep the log verifying', async () => {
    const { id, b, contentB, conditionB } = await withRetention();
    const before = await dbSnapshot(t);
    const refusals: [string, Promise<{ status: number; body: any }>, number, string?][] = [
      ['officer', p.vnm.officer.post(`/v1/requests/${id}/attachments/${b}/delete`, { reason: 'x' }), 403],
      ['sender', p.aut.approver.post(`/v1/requests/${id}/attachments/${b}/delete`, { reason: 'x' }), 403],
      ['no reason', p.vnm.approver.post(`/v1/requests/${id}/attachments/${b}/delete`, {}), 400, 'reason'],
      [
        'unknown field',
        p.vnm.approver.post(`/v1/requests/${id}/attachments/${b}/delete`, { reason: 'x', wipe: true }),
        400,
        'wipe',
      ],
    ];
    const problems: string[] = [];
    for (const [name, call, status, field] of refusals) {
      const res = await call;
      if (
        res.status !== status ||
        (field && !res.body.details?.some((d: { field: string }) => d.field === field))
      ) {
        problems.push(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await dbSnapshot(t)).toEqual(before);
    expect((await download(p.vnm.officer.token, id, b)).status).toBe(409); // conditions not accepted yet

    const deleted = await p.vnm.approver.post(`/v1/requests/${id}/attachments/${b}/delete`, {
      reason: 'Retention period set by the sending State has ended',
    });
    expect(deleted.status).toBe(200);
    const cert = deleted.body;
    expect(cert).toMatchObject({
      format: 'uncc-deletion-certificate',
      attachmentId: b,
      requestId: id,
      sha256: sha256(contentB),
      size: contentB.length,
      senderAuthorityId: p.aut.authorityId,
      deletedByAuthorityId: p.vnm.authorityId,
      reason: 'Retention period set by the sending State has ended',
      retentionUntil: '2020-01-01',
      governedBy: { kind: 'condition', conditionId: conditionB },
    });
    const { certificateSha256, signature, ...body } = cert;
    expect(certificateSha256).toBe(sha256(canonicalJson(body)));
    const keys = await p.vnm.auditor.get('/v1/audit/checkpoints');
    expect(signature.keyId).toBe(keys.body.publicKey.keyId);
    expect(
      verify(
        null,
        Buffer.from(canonicalJson(body)),
        keys.body.publicKey.pem,
        Buffer.from(signature.value, 'base64'),
      ),
    ).toBe(true);

    // The content is gone from the database; the metadata and hash stay.
    const row = (
      await t.db.query(
        'SELECT content, sha256, deleted_at, deleted_by_user_id, deletion_reason FROM attachments WHERE id = $1',
        [b],
      )
    ).rows[0];
    expect(row.content).toBeNull();
    expect(row.sha256).toBe(sha256(contentB));
    expect(row.deleted_at).not.toBeNull();
    expect(row.deletion_reason).toBe('Retention period set by the sending State has ended');

    for (const token of [p.vnm.officer.token, p.aut.officer.token]) {
      const gone = await download(token, id, b);
      expect(gone.status).toBe(410);
      expect(gone.body).toMatchObject({ code: 'DOCUMENT_DELETED', details: { sha256: sha256(contentB) } });
    }
    const again = await p.vnm.approver.post(`/v1/requests/${id}/attachments/${b}/delete`, {
      reason: 'again',
    });
    expect({ status: again.status, code: again.body.code }).toEqual({
      status: 410,
      code: 'DOCUMENT_DELETED',
    });
    const listed = await p.vnm.officer.get(`/v1/requests/${id}/attachments`);
    expect(listed.body.find((d: { id: string }) => d.id === b).deletedAt).toBe(cert.deletedAt);
    expect(
      (await p.vnm.auditor.get('/v1/audit/retention?due=deletion')).body.items.some(
        (i: { attachmentId: string }) => i.attachmentId === b,
      ),
    ).toBe(false);

    // The history keeps the original hash and the certificate, and the whole log still verifies.
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    const attached = history.body.find(
      (e: { action: string; payload: { attachmentId?: string } }) =>
        e.action === 'attach-document' && e.payload.attachmentId === b,
    );
    expect(attached.payload.sha256).toBe(sha256(contentB));
    expect(history.body.find((e: { action: string }) => e.action === 'delete-document').payload).toEqual({
      attachmentId: b,
      certificate: cert,
    });
    expect((await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
    expect((await p.vnm.auditor.get('/v1/audit/verify')).body.valid).toBe(true);
  });

  it("should apply the receiving State's declared retention when no condition is earlier", async () => {
    const refused = await p.admin.send('PUT', '/v1/states/VNM/declarations', { retentionDays: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((d: { field: string }) => d.field)).toContain('retentionDays');
    const current = await p.admin.get('/v1/states/VNM/declarations');
    const put = await p.admin.send('PUT', '/v1/states/VNM/declarations', {
      ...current.body.declarations,
      retentionDays: 3650,
    });
    expect(put.status).toBe(200);
    const { id, a } = await withRetention();
    const plain = (await upload(p.aut.officer.token, id, Buffer.from(`plain,${id}`))).body.id as string;
    const listed = await p.vnm.officer.get(`/v1/requests/${id}/attachments`);
    const byId = (x: string) => listed.body.find((r: { id: string }) => r.id === x);
    expect(byId(plain)).toMatchObject({ retentionUntil: day(3650), reviewAt: day(3620) });
    // The sender's earlier condition prevails.
    expect(byId(a)).toMatchObject({ retentionUntil: day(10) });
  });
});
