import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { extraditionBody } from '../support/extradition';
import { deliveredRequest, type Parties, seedParties, waitFor } from '../support/parties';
import { startTestApp, type TestApp } from '../support/test-app';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('Documents attached to requests (extradition dossiers, MLA evidence)', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp({ env: { ATTACHMENT_MAX_BYTES: '65536' } });
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (
    token: string,
    id: string,
    content: Buffer | null,
    fields: Record<string, string>,
    filename = 'warrant.pdf',
  ) => {
    let req = request(t.baseUrl)
      .post(`/v1/requests/${id}/attachments`)
      .set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(fields)) {
      req = req.field(k, v);
    }
    if (content) {
      req = req.attach('file', content, { filename, contentType: 'application/pdf' });
    }
    return req;
  };
  const download = (token: string, id: string, attachmentId: string) =>
    request(t.baseUrl)
      .get(`/v1/requests/${id}/attachments/${attachmentId}`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  const token = (api: { token: string | null }): string => api.token ?? '';

  it('should store the warrant with its hash, record the hash in the history, and serve it only to the parties', async () => {
    const created = await p.vnm.officer.post('/v1/requests', extraditionBody(p.aut.authorityId));
    const id = created.body.id as string;
    const content = Buffer.from('%PDF-1.7 arrest warrant HN-2026-117 ' + 'x'.repeat(5000));
    const up = await upload(token(p.vnm.officer), id, content, {
      kind: 'warrant',
      description: 'Arrest warrant, certified copy',
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      kind: 'warrant',
      filename: 'warrant.pdf',
      mediaType: 'application/pdf',
      size: content.length,
      sha256: sha256(content),
      addedBy: 'requesting',
    });

    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(history.body.at(-1)).toMatchObject({
      action: 'attach-document',
      payload: { sha256: sha256(content), size: content.length },
    });
    expect((await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);

    // The counterpart sees nothing before delivery, a third State never.
    expect((await download(token(p.aut.officer), id, up.body.id as string)).status).toBe(404);
    await p.vnm.officer.act(id, 'submit-formal-request');
    await waitFor('delivery', async () => (await p.aut.officer.get(`/v1/requests/${id}`)).status === 200);
    const got = await download(token(p.aut.officer), id, up.body.id as string);
    expect(got.status).toBe(200);
    expect(got.headers['x-content-sha256']).toBe(sha256(content));
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(sha256(got.body as Buffer)).toBe(sha256(content));
    expect((await download(token(p.gha.officer), id, up.body.id as string)).status).toBe(404);
    expect((await p.gha.officer.get(`/v1/requests/${id}/attachments`)).status).toBe(404);
    expect((await download(token(p.aut.officer), id, randomUUID())).status).toBe(404);

    const list = await p.aut.auditor.get(`/v1/requests/${id}/attachments`);
    expect(list.body).toEqual([expect.objectContaining({ id: up.body.id, sha256: sha256(content) })]);
    // Auditors read but add nothing.
    expect((await upload(token(p.vnm.auditor), id, content, { kind: 'other' })).status).toBe(403);
  });

  it('should reject an empty, an oversized or a missing file and a bad kind with 400, storing nothing', async () => {
    const created = await p.vnm.officer.post('/v1/requests', extraditionBody(p.aut.authorityId));
    const id = created.body.id as string;
    const count = async () => Number((await t.db.query('SELECT count(*) FROM attachments')).rows[0].count);
    const before = await count();
    const cases: [Buffer | null, Record<string, string>, string][] = [
      [Buffer.alloc(0), { kind: 'warrant' }, 'file'],
      [Buffer.alloc(65537, 1), { kind: 'warrant' }, 'file'],
      [null, { kind: 'warrant' }, 'file'],
      [Buffer.from('x'), { kind: 'love-letter' }, 'kind'],
      [Buffer.from('x'), { kind: 'warrant', extra: 'y' }, 'extra'],
    ];
    for (const [content, fields, field] of cases) {
      const res = await upload(token(p.vnm.officer), id, content, fields);
      expect({
        field,
        status: res.status,
        named: (res.body.details as { field: string }[]).map((d) => d.field),
      }).toEqual({
        field,
        status: 400,
        named: [field],
      });
    }
    const json = await p.vnm.officer.post(`/v1/requests/${id}/attachments`, { kind: 'warrant' });
    expect(json.status).toBe(400);
    expect(await count()).toBe(before);
    const events = await t.db.query(
      `SELECT count(*) FROM audit_events WHERE request_id = $1 AND action = 'attach-document'`,
      [id],
    );
    expect(Number(events.rows[0].count)).toBe(0);
  });

  it('should let MLA results point at uploaded evidence, checking the reference and the hash', async () => {
    const id = await deliveredRequest(p);
    await p.aut.officer.act(id, 'acknowledge');
    await p.aut.approver.act(id, 'accept');
    await p.aut.officer.act(id, 'start-execution');
    const evidence = Buffer.from('subscriber,ip\nops@example.at,203.0.113.7\n');
    const up = await upload(token(p.aut.approver), id, evidence, { kind: 'evidence' }, 'subscriber.csv');
    expect(up.body.addedBy).toBe('requested');
    const wrongHash = await p.aut.approver.act(id, 'transmit-results', {
      final: true,
      summary: 'Subscriber data',
      items: [{ name: 'subscriber.csv', sha256: 'a'.repeat(64), attachmentId: up.body.id }],
    });
    expect(wrongHash.status).toBe(400);
    expect(wrongHash.body.details[0].field).toBe('items[0].sha256');
    const unknown = await p.aut.approver.act(id, 'transmit-results', {
      final: true,
      summary: 'Subscriber data',
      items: [{ name: 'subscriber.csv', sha256: sha256(evidence), attachmentId: randomUUID() }],
    });
    expect(unknown.body.details[0].field).toBe('items[0].attachmentId');
    const ok = await p.aut.approver.act(id, 'transmit-results', {
      final: true,
      summary: 'Subscriber data',
      items: [
        { name: 'subscriber.csv', sha256: sha256(evidence), size: evidence.length, attachmentId: up.body.id },
      ],
    });
    expect(ok.body.status).toBe('EXECUTED');
    const got = await download(token(p.vnm.officer), id, up.body.id as string);
    expect(sha256(got.body as Buffer)).toBe(ok.body.caseData.results[0].items[0].sha256);
    await p.vnm.officer.act(id, 'confirm-receipt');
    const closed = await upload(token(p.vnm.officer), id, Buffer.from('late'), { kind: 'other' });
    expect(closed.status).toBe(409);
  });
});
