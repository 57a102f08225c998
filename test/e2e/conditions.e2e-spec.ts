import { createHash } from 'node:crypto';
import request from 'supertest';
import { type Parties, seedParties } from '../support/parties';
import { dbSnapshot, randomId, requestInStatus } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * Conditions that travel with the evidence (arts 36, 40; UNTOC 18(19)): AUT (requested) sends results as
 * documents with its conditions; VNM (requesting) reads the conditions, accepts them before it can download,
 * asks consent before an onward transfer; AUT gets a use report of its material.
 */
describe('Conditions and use limitation of the material sent (arts 36, 40)', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const token = (api: { token: string | null }): string => api.token ?? '';
  const upload = (api: { token: string | null }, id: string, content: Buffer) =>
    request(t.baseUrl)
      .post(`/v1/requests/${id}/attachments`)
      .set('Authorization', `Bearer ${token(api)}`)
      .field('kind', 'evidence')
      .attach('file', content, { filename: 'subscriber.csv', contentType: 'text/csv' });
  const download = (api: { token: string | null }, id: string, attachmentId: string) =>
    request(t.baseUrl)
      .get(`/v1/requests/${id}/attachments/${attachmentId}`)
      .set('Authorization', `Bearer ${token(api)}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  const userId = async (name: string): Promise<string> =>
    (await t.db.query('SELECT id FROM users WHERE name = $1', [name])).rows[0].id as string;
  const count = async (table: string): Promise<number> =>
    Number((await t.db.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  /** An MLA request in execution at AUT, with a results document AUT added and transmitted. */
  async function withResults(): Promise<{ id: string; docId: string; content: Buffer }> {
    const id = await requestInStatus(p, 'IN_EXECUTION');
    const content = Buffer.from(`subscriber,ip\nalice,203.0.113.7\n${id}`);
    const up = await upload(p.aut.officer, id, content);
    expect(up.status).toBe(201);
    return { id, docId: up.body.id as string, content };
  }

  it('should hold the results back until the receiver accepts the conditions, then release them', async () => {
    const { id, docId, content } = await withResults();
    const useLimit = await p.aut.approver.post(`/v1/requests/${id}/conditions`, {
      type: 'USE_LIMIT',
      text: 'Only for the proceedings named in the request',
      proceedings: 'Hanoi People’s Procuracy case 2026/117',
      items: [docId],
    });
    expect(useLimit.status).toBe(201);
    expect(useLimit.body).toMatchObject({
      type: 'USE_LIMIT',
      authorityId: p.aut.authorityId,
      items: [docId],
      acceptedAt: null,
    });
    const retention = await p.aut.officer.post(`/v1/requests/${id}/conditions`, {
      type: 'RETENTION',
      text: 'Delete one year after receipt',
      retentionDays: 365,
    });
    expect(retention.status).toBe(201);
    expect(retention.body).toMatchObject({ retentionDays: 365, retentionUntil: null, items: [] });
    const results = await p.aut.approver.act(id, 'transmit-results', {
      final: true,
      summary: 'Subscriber data',
      items: [{ name: 'subscriber.csv', sha256: sha256(content), attachmentId: docId }],
    });
    expect(results.status).toBe(200);

    // The receiver reads the conditions, but not the material.
    const listed = await p.vnm.officer.get(`/v1/requests/${id}/conditions`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: { type: string }) => c.type)).toEqual(['USE_LIMIT', 'RETENTION']);
    const before = await dbSnapshot(t);
    const refused = await download(p.vnm.officer, id, docId);
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body.toString())).toMatchObject({
      code: 'CONDITIONS_NOT_ACCEPTED',
      details: [
        { field: `conditions.${useLimit.body.id}`, messages: ['USE_LIMIT: not accepted yet'] },
        { field: `conditions.${retention.body.id}`, messages: ['RETENTION: not accepted yet'] },
      ],
    });
    expect(await dbSnapshot(t)).toEqual(before);
    // The sender always reads its own.
    expect((await download(p.aut.auditor, id, docId)).status).toBe(200);

    // Only the receiving side accepts.
    expect(
      (await p.aut.approver.post(`/v1/requests/${id}/conditions/${useLimit.body.id}/accept`)).status,
    ).toBe(403);
    const accepted = await p.vnm.approver.post(`/v1/requests/${id}/conditions/${useLimit.body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      acceptedByUserId: await userId('VNM-MPS-CA approver'),
      acceptedByAuthorityId: p.vnm.authorityId,
    });
    expect(Date.parse(accepted.body.acceptedAt)).not.toBeNaN();
    const still = await download(p.vnm.officer, id, docId);
    expect(JSON.parse(still.body.toString()).details).toEqual([
      { field: `conditions.${retention.body.id}`, messages: ['RETENTION: not accepted yet'] },
    ]);
    expect(
      (await p.vnm.officer.post(`/v1/requests/${id}/conditions/${retention.body.id}/accept`)).status,
    ).toBe(200);
    const again = await p.vnm.officer.post(`/v1/requests/${id}/conditions/${retention.body.id}/accept`);
    expect({ status: again.status, code: again.body.code }).toEqual({
      status: 409,
      code: 'ALREADY_ANSWERED',
    });

    const got = await download(p.vnm.officer, id, docId);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, content)).toBe(0);

    // Each change is an event of the request's history, and the chain still verifies.
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    const actions = history.body.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'attach-condition')).toHaveLength(2);
    expect(actions.filter((a: string) => a === 'accept-condition')).toHaveLength(2);
    expect(
      history.body.find((e: { action: string }) => e.action === 'attach-condition').payload,
    ).toMatchObject({
      conditionId: useLimit.body.id,
      type: 'USE_LIMIT',
      items: [docId],
    });
    expect((await p.vnm.auditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
  });

  it('should let only the sender attach conditions, to its own documents, with machine-readable retention', async () => {
    const { id, docId } = await withResults();
    const before = await dbSnapshot(t);
    const problems: string[] = [];
    const cases: [
      string,
      Promise<{ status: number; body: { code?: string; details?: { field: string }[] } }>,
      number,
      string?,
    ][] = [
      // VNM attaches a condition to AUT's document.
      [
        'vnm on aut doc',
        p.vnm.officer.post(`/v1/requests/${id}/conditions`, { type: 'OTHER', text: 'x', items: [docId] }),
        400,
        'items[0]',
      ],
      [
        'unknown doc',
        p.aut.officer.post(`/v1/requests/${id}/conditions`, {
          type: 'OTHER',
          text: 'x',
          items: [randomId()],
        }),
        400,
        'items[0]',
      ],
      [
        'retention without period',
        p.aut.officer.post(`/v1/requests/${id}/conditions`, { type: 'RETENTION', text: 'x' }),
        400,
        'retentionDays',
      ],
      ...['2027-13-01', '2027-02-31'].map((retentionUntil): (typeof cases)[number] => [
        `retention date ${retentionUntil}`,
        p.aut.officer.post(`/v1/requests/${id}/conditions`, { type: 'RETENTION', text: 'x', retentionUntil }),
        400,
        'retentionUntil',
      ]),
      [
        'unknown type',
        p.aut.officer.post(`/v1/requests/${id}/conditions`, { type: 'SECRET', text: 'x' }),
        400,
        'type',
      ],
      ['auditor', p.aut.auditor.post(`/v1/requests/${id}/conditions`, { type: 'OTHER', text: 'x' }), 403],
      ['third State', p.gha.officer.post(`/v1/requests/${id}/conditions`, { type: 'OTHER', text: 'x' }), 404],
      ['admin', p.admin.post(`/v1/requests/${id}/conditions`, { type: 'OTHER', text: 'x' }), 403],
    ];
    for (const [name, call, status, field] of cases) {
      const res = await call;
      if (res.status !== status || (field && !res.body.details?.some((d) => d.field === field))) {
        problems.push(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await dbSnapshot(t)).toEqual(before);
    expect(await count(`request_conditions WHERE request_id = '${id}'`)).toBe(0);

    const dated = await p.aut.officer.post(`/v1/requests/${id}/conditions`, {
      type: 'RETENTION',
      text: 'Keep until the end of 2027',
      retentionUntil: '2027-12-31',
    });
    expect(dated.status).toBe(201);
    const { rows } = await t.db.query(
      `SELECT to_char(retention_until, 'YYYY-MM-DD') AS until, retention_days FROM request_conditions WHERE id = $1`,
      [dated.body.id],
    );
    expect(rows[0]).toEqual({ until: '2027-12-31', retention_days: null });
    // The sender's conditions may be attached to documents that VNM did not add; VNM's own are never held.
    const own = await upload(p.vnm.officer, id, Buffer.from('VNM note'));
    expect((await download(p.vnm.officer, id, own.body.id as string)).status).toBe(200);
    expect((await download(p.vnm.officer, id, docId)).status).toBe(409);
    expect((await p.gha.officer.get(`/v1/requests/${id}/conditions`)).status).toBe(404);
  });

  it('should refuse an onward transfer without the sending State’s consent, and record it once granted', async () => {
    const { id, docId } = await withResults();
    const transfer = { kind: 'onward-transfer', recipient: 'INTERPOL', items: [docId] };

    const before = await dbSnapshot(t);
    const uses = await count('material_uses');
    const blocked = await p.vnm.officer.post(`/v1/requests/${id}/uses`, transfer);
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({
      code: 'PRIOR_AUTHORISATION_REQUIRED',
      details: [{ field: 'items[0]' }],
    });
    expect(blocked.body.message).toContain('INTERPOL');
    expect(await dbSnapshot(t)).toEqual(before);
    expect(await count('material_uses')).toBe(uses);

    // Own documents need no consent; only received ones are asked about.
    const own = await upload(p.vnm.officer, id, Buffer.from('VNM own'));
    const ownAsk = await p.vnm.officer.post(`/v1/requests/${id}/consents`, {
      ...transfer,
      purpose: 'x',
      items: [own.body.id],
    });
    expect({ status: ownAsk.status, field: ownAsk.body.details?.[0]?.field }).toEqual({
      status: 400,
      field: 'items[0]',
    });

    const asked = await p.vnm.officer.post(`/v1/requests/${id}/consents`, {
      ...transfer,
      purpose: 'Notice on the suspect, INTERPOL diffusion',
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      status: 'pending',
      senderAuthorityId: p.aut.authorityId,
      items: [docId],
    });
    // Pending is not granted.
    expect((await p.vnm.officer.post(`/v1/requests/${id}/uses`, transfer)).status).toBe(409);

    // Only the sender's approver answers.
    const grantPath = `/v1/requests/${id}/consents/${asked.body.id}/grant`;
    expect((await p.aut.officer.post(grantPath, {})).status).toBe(403);
    expect((await p.vnm.approver.post(grantPath, {})).status).toBe(403);
    expect((await p.gha.approver.post(grantPath, {})).status).toBe(404);
    const granted = await p.aut.approver.post(grantPath, { writtenRef: 'AUT-BMJ letter 2026/4411' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({
      status: 'granted',
      writtenRef: 'AUT-BMJ letter 2026/4411',
      answeredByUserId: await userId('AUT-BMJ-CA approver'),
    });
    const twice = await p.aut.approver.post(`/v1/requests/${id}/consents/${asked.body.id}/refuse`, {
      reasons: 'changed my mind',
    });
    expect({ status: twice.status, code: twice.body.code }).toEqual({
      status: 409,
      code: 'ALREADY_ANSWERED',
    });

    // Granted, but the conditions on the material are not accepted yet: still no use.
    await p.aut.approver.post(`/v1/requests/${id}/conditions`, {
      type: 'CONFIDENTIALITY',
      text: 'Confidential',
    });
    const unaccepted = await p.vnm.officer.post(`/v1/requests/${id}/uses`, transfer);
    expect({ status: unaccepted.status, code: unaccepted.body.code }).toEqual({
      status: 409,
      code: 'CONDITIONS_NOT_ACCEPTED',
    });
    const [cond] = (await p.vnm.officer.get(`/v1/requests/${id}/conditions`)).body;
    await p.vnm.officer.post(`/v1/requests/${id}/conditions/${cond.id}/accept`);

    // Another recipient is not covered.
    expect(
      (await p.vnm.officer.post(`/v1/requests/${id}/uses`, { ...transfer, recipient: 'Europol' })).status,
    ).toBe(409);
    const recorded = await p.vnm.officer.post(`/v1/requests/${id}/uses`, {
      ...transfer,
      recipient: ' interpol',
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      consentId: asked.body.id,
      kind: 'onward-transfer',
      items: [docId],
    });
    const history = (await p.aut.auditor.get(`/v1/requests/${id}/history`)).body;
    expect(history.at(-1)).toMatchObject({ action: 'record-use', payload: { consentId: asked.body.id } });
    expect(history.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['request-consent', 'grant-consent']),
    );
    expect((await p.aut.auditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
    // Uses are append-only for the application's database role.
    await expect(t.db.query(`SET ROLE coop_app; DELETE FROM material_uses`)).rejects.toThrow(
      /permission denied/,
    );
    await t.db.query('RESET ROLE');
  });

  it('should keep a refused consent blocking the use', async () => {
    const { id, docId } = await withResults();
    const asked = await p.vnm.approver.post(`/v1/requests/${id}/consents`, {
      kind: 'other-proceedings',
      recipient: 'Case 99/2026, Da Nang',
      purpose: 'A related fraud case',
      items: [docId],
    });
    expect(asked.status).toBe(201);
    const noReasons = await p.aut.approver.post(`/v1/requests/${id}/consents/${asked.body.id}/refuse`, {});
    expect(noReasons.status).toBe(400);
    const refused = await p.aut.approver.post(`/v1/requests/${id}/consents/${asked.body.id}/refuse`, {
      reasons: 'The data subject is not concerned by that case',
    });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({
      status: 'refused',
      answerReasons: expect.stringContaining('data subject'),
    });
    const before = await dbSnapshot(t);
    const blocked = await p.vnm.officer.post(`/v1/requests/${id}/uses`, {
      kind: 'other-proceedings',
      recipient: 'Case 99/2026, Da Nang',
      items: [docId],
    });
    expect({ status: blocked.status, code: blocked.body.code }).toEqual({
      status: 409,
      code: 'PRIOR_AUTHORISATION_REQUIRED',
    });
    expect(await dbSnapshot(t)).toEqual(before);
    const consents = await p.vnm.auditor.get(`/v1/requests/${id}/consents`);
    expect(consents.body.map((c: { status: string }) => c.status)).toEqual(['refused']);
    // The receiver asks; the sender cannot ask about its own material.
    const senderAsks = await p.aut.officer.post(`/v1/requests/${id}/consents`, {
      kind: 'other-proceedings',
      recipient: 'x',
      purpose: 'x',
      items: [docId],
    });
    expect(senderAsks.status).toBe(400);
  });

  it('should log every read and download per item, and report them with the uses to the sender', async () => {
    const { id, docId } = await withResults();
    await p.vnm.officer.get(`/v1/requests/${id}/attachments`);
    expect((await download(p.vnm.officer, id, docId)).status).toBe(200);
    expect((await download(p.vnm.approver, id, docId)).status).toBe(200);
    await download(p.aut.officer, id, docId);

    const log = await p.vnm.auditor.get(`/v1/audit/access-log?requestId=${id}&view=document`);
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(2);
    expect(log.body.items[0]).toMatchObject({ view: 'document', itemId: docId });

    const asked = await p.vnm.officer.post(`/v1/requests/${id}/consents`, {
      kind: 'other-proceedings',
      recipient: 'Case 12/2027',
      purpose: 'Related case',
      items: [docId],
    });
    await p.aut.approver.post(`/v1/requests/${id}/consents/${asked.body.id}/grant`, {});
    await p.vnm.officer.post(`/v1/requests/${id}/uses`, {
      kind: 'other-proceedings',
      recipient: 'Case 12/2027',
      items: [docId],
    });

    const report = await p.aut.auditor.get(`/v1/requests/${id}/use-report`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ requestId: id, authorityId: p.aut.authorityId });
    expect(report.body.items).toHaveLength(1);
    const [item] = report.body.items;
    expect(item).toMatchObject({ itemId: docId, downloads: 2 });
    // The receiver's reads only (AUT's own download is not in its report).
    expect(item.reads.map((r: { view: string; authorityId: string }) => [r.view, r.authorityId])).toEqual([
      ['documents', p.vnm.authorityId],
      ['document', p.vnm.authorityId],
      ['document', p.vnm.authorityId],
    ]);
    expect(item.reads[1].userId).toBe(await userId('VNM-MPS-CA officer'));
    expect(item.uses).toEqual([
      expect.objectContaining({
        kind: 'other-proceedings',
        recipient: 'Case 12/2027',
        consentId: asked.body.id,
      }),
    ]);
    // VNM sent no documents: its report lists none. A third State sees nothing.
    expect((await p.vnm.officer.get(`/v1/requests/${id}/use-report`)).body.items).toEqual([]);
    expect((await p.gha.auditor.get(`/v1/requests/${id}/use-report`)).status).toBe(404);
  });

  it('should record one answer when the same acceptance or consent answer races', async () => {
    const { id, docId } = await withResults();
    const cond = await p.aut.officer.post(`/v1/requests/${id}/conditions`, { type: 'OTHER', text: 'x' });
    const accepts = await Promise.all(
      [p.vnm.officer, p.vnm.approver, p.vnm.officer].map((api) =>
        api.post(`/v1/requests/${id}/conditions/${cond.body.id}/accept`),
      ),
    );
    expect(accepts.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const asked = await p.vnm.officer.post(`/v1/requests/${id}/consents`, {
      kind: 'onward-transfer',
      recipient: 'Europol',
      purpose: 'x',
      items: [docId],
    });
    const answers = await Promise.all([
      p.aut.approver.post(`/v1/requests/${id}/consents/${asked.body.id}/grant`, {}),
      p.aut.approver.post(`/v1/requests/${id}/consents/${asked.body.id}/refuse`, { reasons: 'No' }),
      p.aut.approver.post(`/v1/requests/${id}/consents/${asked.body.id}/grant`, {}),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const history = (await p.aut.auditor.get(`/v1/requests/${id}/history`)).body as { action: string }[];
    expect(history.filter((e) => e.action === 'accept-condition')).toHaveLength(1);
    expect(history.filter((e) => ['grant-consent', 'refuse-consent'].includes(e.action))).toHaveLength(1);
    expect((await p.aut.auditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
  });

  it('should refuse for data protection, with conditions offered instead, only with that ground', async () => {
    const id = await requestInStatus(p, 'CONSULTATION');
    const before = await dbSnapshot(t);
    const wrong = await p.aut.approver.act(id, 'refuse', {
      grounds: ['ESSENTIAL_INTERESTS'],
      reasons: 'x',
      conditionsOffered: [{ type: 'DATA_PROTECTION', text: 'Pseudonymised data only' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'conditionsOffered' })]);
    expect(await dbSnapshot(t)).toEqual(before);

    const refused = await p.aut.approver.act(id, 'refuse', {
      grounds: ['DATA_PROTECTION_INCOMPATIBLE'],
      reasons: 'Transfer of the subscriber data to a State without adequate safeguards is unlawful here',
      conditionsOffered: [
        { type: 'DATA_PROTECTION', text: 'Pseudonymised data only, deleted after the trial' },
        { type: 'RETENTION', text: 'At most two years' },
      ],
    });
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe('REFUSED');
    const seen = await p.vnm.officer.get(`/v1/requests/${id}`);
    expect(seen.body.caseData.refusal).toMatchObject({
      grounds: ['DATA_PROTECTION_INCOMPATIBLE'],
      conditionsOffered: [
        { type: 'DATA_PROTECTION', text: 'Pseudonymised data only, deleted after the trial' },
        { type: 'RETENTION', text: 'At most two years' },
      ],
    });
  });
});
