import { createHash } from 'node:crypto';
import request from 'supertest';
import { type Parties, seedParties, waitFor } from '../support/parties';
import {
  authorisedEnd,
  BATCH,
  collectionBody,
  collectionInStatus,
  declareInterception,
} from '../support/real-time-collection';
import { dbRequest, dbSnapshot, fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

interface Timer {
  label: string;
  status: string;
  dueAt: string;
  basis: string;
  reasonCode: string | null;
}

describe('Real-time collection of traffic data and interception of content data (arts 45, 46) over HTTP', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const create = async (
    overrides: Record<string, unknown> = {},
    measure: 'traffic-data' | 'content-data' = 'traffic-data',
  ) => {
    const res = await p.vnm.officer.post(
      '/v1/requests',
      collectionBody(p.aut.authorityId, overrides, measure),
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const historyOf = async (id: string): Promise<string[]> =>
    ((await p.vnm.auditor.get(`/v1/requests/${id}/history`)).body as { action: string }[]).map(
      (e) => e.action,
    );
  const timersOf = async (id: string): Promise<Timer[]> =>
    (await p.vnm.officer.get(`/v1/requests/${id}/timers`)).body as Timer[];
  const upload = (id: string, token: string | null, kind: string, content: Buffer) =>
    request(t.baseUrl)
      .post(`/v1/requests/${id}/attachments`)
      .set('Authorization', `Bearer ${token ?? ''}`)
      .field('kind', kind)
      .attach('file', content, { filename: `${kind}.bin`, contentType: 'application/octet-stream' });
  const download = (id: string, docId: string, token: string | null) =>
    request(t.baseUrl)
      .get(`/v1/requests/${id}/attachments/${docId}`)
      .set('Authorization', `Bearer ${token ?? ''}`);

  /** Refused with `status`, naming `fields`, and nothing written. */
  const refusedUnchanged = async (
    id: string,
    act: () => Promise<{ status: number; body: any }>,
    status: number,
    fields: string[],
  ) => {
    const before = await dbSnapshot(t);
    const row = await dbRequest(t, id);
    const res = await act();
    expect({ status: res.status, fields: fieldsOf(res as never) }).toEqual({ status, fields });
    expect(await dbSnapshot(t)).toEqual(before);
    expect(await dbRequest(t, id)).toEqual(row);
    return res;
  };

  it('should be listed by GET /v1/workflows with its states, actions and [GK] bases', async () => {
    const res = await p.aut.auditor.get('/v1/workflows');
    const channel = (
      res.body as { channel: string; states: string[]; actions: { action: string; basis: string }[] }[]
    ).find((w) => w.channel === 'real-time-collection');
    expect(channel?.states).toEqual(
      expect.arrayContaining([
        'COLLECTING',
        'RENEWAL_REQUESTED',
        'SUSPENDED',
        'COLLECTION_ENDED',
        'EXECUTED',
      ]),
    );
    const basis = Object.fromEntries((channel?.actions ?? []).map((a) => [a.action, a.basis]));
    expect(basis['start-collection']).toMatch(/45\(3\)\(f\), 46\(2\)\(f\) \[GK\]/);
    expect(basis['end-collection']).toMatch(/\[GK\]/);
  });

  it('should not let a request without its mandatory contents and period leave the draft, naming each field', async () => {
    const id = await create({
      details: { requestingAuthority: '', periodEnd: undefined, periodJustification: undefined },
    });
    const res = await refusedUnchanged(id, () => p.vnm.officer.act(id, 'submit'), 400, [
      'details.requestingAuthority',
      'details.periodEnd',
      'details.periodJustification',
    ]);
    expect(res.body.code).toBe('INCOMPLETE_REQUEST');
    // A period that ends before it starts is refused on the draft already.
    const backwards = await p.vnm.officer.patch(`/v1/requests/${id}`, {
      details: {
        ...(collectionBody(p.aut.authorityId).details as object),
        periodEnd: '2020-01-01T00:00:00Z',
      },
    });
    expect({ status: backwards.status, fields: fieldsOf(backwards) }).toEqual({
      status: 400,
      fields: ['details.periodEnd'],
    });
  });

  it('should walk a traffic-data collection: review, a shorter authorised period, batches, a renewal, a suspension, an early stop, the outcome', async () => {
    const id = await collectionInStatus(p, 'RECEIVED');
    expect((await p.aut.officer.act(id, 'acknowledge')).body.status).toBe('UNDER_REVIEW');
    await p.aut.officer.act(id, 'request-information', { questions: 'Which hours of the day?' });
    expect((await p.vnm.officer.act(id, 'provide-information', { answers: 'All day' })).body.status).toBe(
      'UNDER_REVIEW',
    );
    expect((await p.aut.approver.act(id, 'accept')).body.status).toBe('ACCEPTED');

    // The requested State may authorise a shorter period than asked, never a longer one.
    const tooLong = authorisedEnd(31);
    await refusedUnchanged(
      id,
      () => p.aut.officer.act(id, 'start-collection', { authorisationReference: 'LG 1', endsAt: tooLong }),
      400,
      ['endsAt'],
    );
    const end = authorisedEnd(20);
    const started = await p.aut.officer.act(id, 'start-collection', {
      authorisationReference: 'LG Wien 331 HR 12/26',
      endsAt: end,
    });
    expect(started.body.status).toBe('COLLECTING');
    expect(started.body.caseData.collection).toMatchObject({ endsAt: end, firstEndsAt: end });
    const timers = await timersOf(id);
    expect(timers.filter((x) => x.status === 'pending').map((x) => x.label)).toEqual([
      'Collection period end reminder',
      'Collection period end reminder',
      'End of the collection period',
    ]);
    expect(timers.find((x) => x.label === 'End of the collection period')?.dueAt).toBe(end);

    // Batches: each document with its SHA-256, checked against the uploaded document.
    const content = Buffer.from('call detail records ' + 'x'.repeat(1000));
    const up = await upload(id, p.aut.officer.token, 'evidence', content);
    expect(up.status).toBe(201);
    await refusedUnchanged(
      id,
      () =>
        p.aut.approver.act(id, 'deliver-batch', {
          summary: 'Week 1',
          items: [{ name: 'cdr.csv', sha256: 'f'.repeat(64), attachmentId: up.body.id }],
        }),
      400,
      ['items[0].sha256'],
    );
    const first = await p.aut.approver.act(id, 'deliver-batch', {
      summary: 'Week 1',
      items: [{ name: 'cdr.csv', sha256: sha256(content), size: content.length, attachmentId: up.body.id }],
    });
    expect(first.body.status).toBe('COLLECTING');
    await p.aut.approver.act(id, 'deliver-batch', BATCH);
    // Traffic data: every party user may read the product.
    expect((await download(id, up.body.id as string, p.vnm.officer.token)).status).toBe(200);

    // A renewal: a later end only, with a fresh justification; granted no longer than asked.
    await refusedUnchanged(
      id,
      () => p.vnm.officer.act(id, 'request-renewal', { requestedEnd: end, justification: 'More' }),
      400,
      ['requestedEnd'],
    );
    const asked = authorisedEnd(40);
    expect(
      (
        await p.vnm.officer.act(id, 'request-renewal', {
          requestedEnd: asked,
          justification: 'New accomplices',
        })
      ).body.status,
    ).toBe('RENEWAL_REQUESTED');
    const renewedEnd = authorisedEnd(35);
    const renewed = await p.aut.approver.act(id, 'grant-renewal', {
      endsAt: renewedEnd,
      authorisationReference: 'LG Wien 331 HR 13/26',
    });
    expect(renewed.body.status).toBe('COLLECTING');
    expect(renewed.body.caseData.collection).toMatchObject({ endsAt: renewedEnd, firstEndsAt: end });
    // The clocks of the first period are void at once; the new end has its own.
    const after = await timersOf(id);
    const old = after.filter((x) => Date.parse(x.dueAt) <= Date.parse(end));
    expect(old.length).toBe(3);
    expect(old.every((x) => x.status === 'void' && x.reasonCode === 'superseded')).toBe(true);
    expect(
      after.find((x) => x.status === 'pending' && x.label === 'End of the collection period')?.dueAt,
    ).toBe(renewedEnd);

    // The domestic authorisation lapses, then is in force again.
    expect(
      (await p.aut.officer.act(id, 'suspend-collection', { reasons: 'Order under appeal' })).body.status,
    ).toBe('SUSPENDED');
    expect(
      (await p.aut.approver.act(id, 'resume-collection', { authorisationReference: 'OLG Wien 2/26' })).body
        .status,
    ).toBe('COLLECTING');

    // The requesting side stops collection early; the last batch, then the outcome, then receipt.
    const stopped = await p.vnm.officer.act(id, 'stop-collection', { reasons: 'Suspect arrested' });
    expect(stopped.body.caseData.collectionEnded).toMatchObject({ by: 'requesting' });
    await p.aut.approver.act(id, 'deliver-batch', BATCH);
    expect(
      (await p.aut.approver.act(id, 'complete-execution', { summary: 'Three batches' })).body.status,
    ).toBe('EXECUTED');
    const closed = await p.vnm.officer.act(id, 'confirm-receipt');
    expect(closed.body.status).toBe('CLOSED');
    expect(closed.body.caseData.batches.map((b: { number: number }) => b.number)).toEqual([1, 2, 3]);
    expect((await timersOf(id)).filter((x) => x.status === 'pending')).toEqual([]);
    expect(await historyOf(id)).toEqual(
      expect.arrayContaining(['grant-renewal', 'suspend-collection', 'resume-collection', 'stop-collection']),
    );
    // Statistics: for this channel, execution is the start of collection.
    const stats = await p.vnm.auditor.get('/v1/audit/stats?channel=real-time-collection');
    const all = (stats.body.rows as Record<string, any>[]).find(
      (r) => r.direction === 'outgoing' && r.counterpart === null,
    );
    expect(all?.submissionToExecution.n).toBeGreaterThanOrEqual(1);
  });

  it('should end collection by the legal clock at the end of the authorised period', async () => {
    const id = await collectionInStatus(p, 'ACCEPTED');
    const end = new Date(Date.now() + 2500).toISOString();
    await p.aut.officer.act(id, 'start-collection', { authorisationReference: 'LG 3', endsAt: end });
    await waitFor(
      'the end of the period',
      async () => (await p.vnm.officer.get(`/v1/requests/${id}`)).body.status === 'COLLECTION_ENDED',
      15000,
    );
    const view = await p.vnm.officer.get(`/v1/requests/${id}`);
    expect(view.body.caseData.collectionEnded).toMatchObject({ by: 'timer' });
    expect(await historyOf(id)).toContain('end-collection');
    // Collected data may still be delivered after the end; then the outcome.
    expect((await p.aut.approver.act(id, 'deliver-batch', BATCH)).status).toBe(200);
    expect((await p.aut.approver.act(id, 'complete-execution', { summary: 'One batch' })).body.status).toBe(
      'EXECUTED',
    );
  });

  it('should refuse only after consultation, never on bank secrecy, and let the requester withdraw while collecting', async () => {
    const id = await collectionInStatus(p, 'CONSULTATION');
    const bank = await refusedUnchanged(
      id,
      () => p.aut.approver.act(id, 'refuse', { grounds: ['BANK_SECRECY'], reasons: 'x' }),
      400,
      ['grounds[0]'],
    );
    expect(bank.body.code).toBe('FORBIDDEN_REFUSAL_GROUND');
    expect(
      (await p.aut.approver.act(id, 'refuse', { grounds: ['DOMESTIC_PROHIBITION'], reasons: 'Not allowed' }))
        .body.status,
    ).toBe('REFUSED');
    const collecting = await collectionInStatus(p, 'COLLECTING');
    const withdrawn = await p.vnm.officer.act(collecting, 'withdraw', { reasons: 'Identified domestically' });
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    expect((await timersOf(collecting)).filter((x) => x.status === 'pending')).toEqual([]);
  });

  it('should keep the urgency lane of the request on its jobs', async () => {
    const id = await create({ urgency: 'urgent' });
    await p.vnm.officer.act(id, 'submit');
    const lanes = await t.db.query<{ priority: number }>(
      'SELECT DISTINCT priority FROM outbox WHERE request_id = $1',
      [id],
    );
    expect(lanes.rows).toEqual([{ priority: 2 }]);
  });

  describe('interception of content data (art. 46)', () => {
    it('should take the declaration on the state settings route from the operator admin only, validated', async () => {
      for (const bad of [[6], [7, 7], [22], ['7'], 7]) {
        const res = await p.admin.send('PUT', '/v1/states/AUT/settings', { interceptionOffences: bad });
        expect({ bad, status: res.status, fields: fieldsOf(res) }).toEqual({
          bad,
          status: 400,
          fields: ['interceptionOffences'],
        });
      }
      const officer = await p.aut.approver.send('PUT', '/v1/states/AUT/settings', {
        interceptionOffences: [7],
      });
      expect(officer.status).toBe(403);
      await declareInterception(p, [11, 7]);
      const read = await p.vnm.officer.get('/v1/states/AUT/settings');
      expect(read.body).toMatchObject({ country: 'AUT', interceptionOffences: [7, 11], declared: true });
      // Another period's change keeps the declaration; null withdraws it.
      await p.admin.send('PUT', '/v1/states/AUT/settings', { provisionalArrestDays: 30 });
      expect((await p.vnm.officer.get('/v1/states/AUT/settings')).body.interceptionOffences).toEqual([7, 11]);
      await declareInterception(p, null);
      expect((await p.vnm.officer.get('/v1/states/AUT/settings')).body.interceptionOffences).toBeNull();
    });

    it('should keep interception confidential by force', async () => {
      const open = await p.vnm.officer.post(
        '/v1/requests',
        collectionBody(p.aut.authorityId, { confidential: false }, 'content-data'),
      );
      expect({ status: open.status, fields: fieldsOf(open) }).toEqual({
        status: 400,
        fields: ['confidential'],
      });
      const id = await create({}, 'content-data');
      await refusedUnchanged(
        id,
        () => p.vnm.officer.patch(`/v1/requests/${id}`, { confidential: false }),
        400,
        ['confidential'],
      );
      expect((await p.vnm.officer.get(`/v1/requests/${id}`)).body.confidential).toBe(true);
    });

    it("should refuse interception at submission unless the requested State declared the request's offences", async () => {
      await declareInterception(p, null);
      const id = await create({}, 'content-data');
      const none = await refusedUnchanged(id, () => p.vnm.officer.act(id, 'submit'), 400, ['offences']);
      expect(none.body.code).toBe('INTERCEPTION_NOT_AVAILABLE');
      expect(none.body.message).toMatch(/interceptionOffences/);

      await declareInterception(p, [8, 11]);
      const other = await refusedUnchanged(id, () => p.vnm.officer.act(id, 'submit'), 400, ['offences[0]']);
      expect(other.body.message).toMatch(/art\. 7 is not among/);

      // Real-time collection of traffic data needs no declaration.
      const traffic = await create();
      expect((await p.vnm.officer.act(traffic, 'submit')).status).toBe(200);

      await declareInterception(p, [7, 8, 11]);
      expect((await p.vnm.officer.act(id, 'submit')).body.status).toBe('SUBMITTED');
    });

    it('should let only approvers of the two sides download the intercepted content', async () => {
      await declareInterception(p, [7]);
      const id = await collectionInStatus(p, 'COLLECTING', 'content-data');
      const content = Buffer.from('intercepted voice call ' + 'v'.repeat(500));
      const product = await upload(id, p.aut.officer.token, 'evidence', content);
      expect(product.status).toBe(201);
      const warrant = await upload(id, p.vnm.officer.token, 'warrant', Buffer.from('court order'));
      await p.aut.approver.act(id, 'deliver-batch', {
        summary: 'Calls of day 1',
        items: [{ name: 'call-1.wav', sha256: sha256(content), attachmentId: product.body.id }],
      });
      const docId = product.body.id as string;
      const who = {
        'vnm.officer': p.vnm.officer,
        'vnm.approver': p.vnm.approver,
        'vnm.auditor': p.vnm.auditor,
        'aut.officer': p.aut.officer,
        'aut.approver': p.aut.approver,
        'aut.auditor': p.aut.auditor,
      };
      const got: Record<string, [number, string | undefined]> = {};
      for (const [key, api] of Object.entries(who)) {
        const res = await download(id, docId, api.token);
        got[key] = [res.status, (res.body as { code?: string }).code];
      }
      expect(got).toEqual({
        'vnm.officer': [403, 'DOCUMENT_RESTRICTED'],
        'vnm.approver': [200, undefined],
        'vnm.auditor': [403, 'DOCUMENT_RESTRICTED'],
        'aut.officer': [403, 'DOCUMENT_RESTRICTED'],
        'aut.approver': [200, undefined],
        'aut.auditor': [403, 'DOCUMENT_RESTRICTED'],
      });
      // A third State sees nothing; the request's other documents stay open to party users.
      expect((await download(id, docId, p.gha.approver.token)).status).toBe(404);
      expect((await download(id, warrant.body.id as string, p.aut.officer.token)).status).toBe(200);
      // The hashes stay visible to all: the product can be checked without being read.
      const list = await p.vnm.auditor.get(`/v1/requests/${id}/attachments`);
      expect(list.body.map((a: { sha256: string }) => a.sha256)).toContain(sha256(content));
    });
  });
});
