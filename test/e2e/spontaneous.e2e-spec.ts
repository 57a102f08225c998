import { createHash } from 'node:crypto';
import request from 'supertest';
import { mlaBody, type Parties, seedParties, waitFor } from '../support/parties';
import { DOCUMENTS, offerInStatus, spontaneousBody } from '../support/spontaneous';
import { dbSnapshot, fieldsOf } from '../support/state';
import { startTestApp, type TestApp } from '../support/test-app';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const actionsOf = (history: { action: string }[]): string[] => history.map((e) => e.action);

describe('Spontaneous information (arts 40, 51) over HTTP', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await startTestApp();
    p = await seedParties(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const draft = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const res = await p.vnm.officer.post('/v1/requests', spontaneousBody(p.aut.authorityId, overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const visibleTo = async (id: string) =>
    waitFor('delivery', async () => (await p.aut.officer.get(`/v1/requests/${id}`)).status === 200);

  it('should be listed by GET /v1/workflows with its states, actions and bases', async () => {
    interface Workflow {
      channel: string;
      initial: string;
      actions: { action: string; basis: string; actors: { side: string; roles: string[] }[] }[];
    }
    const res = await p.aut.auditor.get<Workflow[]>('/v1/workflows');
    const channel = res.body.find((w) => w.channel === 'spontaneous');
    if (!channel) {
      throw new Error('GET /v1/workflows does not list the spontaneous channel');
    }
    expect(channel.initial).toBe('DRAFT');
    const byAction = Object.fromEntries(channel.actions.map((a) => [a.action, a]));
    expect(Object.keys(byAction)).toEqual(
      expect.arrayContaining(['offer', 'accept-conditions', 'decline-conditions', 'transmit', 'cancel']),
    );
    expect(byAction['accept-conditions'].actors).toEqual([{ side: 'requested', roles: ['approver'] }]);
    expect(byAction['transmit-without-conditions'].basis).toMatch(/Budapest 26\(2\)/);
  });

  it('should offer with conditions, bind the receiver on acceptance, transmit a document with its SHA-256 and log its use', async () => {
    const id = await draft();
    // Before the offer reaches it, the receiver sees nothing.
    expect((await p.aut.officer.get(`/v1/requests/${id}`)).status).toBe(404);
    const offered = await p.vnm.officer.act(id, 'offer');
    expect(offered.body.status).toBe('OFFERED');
    expect(offered.body.caseData.conditions.items).toHaveLength(2);
    await visibleTo(id);
    const inbox = await p.aut.approver.get('/v1/requests?box=incoming&channel=spontaneous');
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(id);
    const seen = await p.aut.approver.get(`/v1/requests/${id}`);
    expect(seen.body.availableActions).toEqual(['accept-conditions', 'decline-conditions']);

    const accepted = await p.aut.approver.act(id, 'accept-conditions', {}, { 'If-Match': seen.headers.etag });
    expect(accepted.body.status).toBe('CONDITIONS_ACCEPTED');
    expect(accepted.body.caseData.binding).toEqual({
      boundAuthorityId: p.aut.authorityId,
      conditions: [
        { type: 'CONFIDENTIALITY', text: 'Do not reveal the source or the seizure' },
        { type: 'USE_LIMIT', text: 'Only for the investigation of this group' },
      ],
      arose: 'accepted',
      since: expect.any(String),
      acceptedByUserId: expect.any(String),
    });

    // The sender uploads the document and transmits it; the hash must match the upload.
    const content = Buffer.from('chat logs of the group ' + 'x'.repeat(2000));
    const up = await request(t.baseUrl)
      .post(`/v1/requests/${id}/attachments`)
      .set('Authorization', `Bearer ${p.vnm.officer.token ?? ''}`)
      .field('kind', 'evidence')
      .attach('file', content, { filename: 'chat-logs.txt', contentType: 'text/plain' });
    expect(up.status).toBe(201);
    const wrongHash = await p.vnm.approver.act(id, 'transmit', {
      summary: 'Chat logs',
      items: [{ name: 'chat-logs.txt', sha256: 'e'.repeat(64), attachmentId: up.body.id }],
    });
    expect(wrongHash.status).toBe(400);
    expect(fieldsOf(wrongHash)).toEqual(['items[0].sha256']);
    const sent = await p.vnm.approver.act(id, 'transmit', {
      summary: 'Chat logs',
      items: [
        { name: 'chat-logs.txt', sha256: sha256(content), size: content.length, attachmentId: up.body.id },
      ],
    });
    expect(sent.body.status).toBe('TRANSMITTED');
    expect(sent.body.caseData.transmission).toMatchObject({
      underConditions: true,
      items: [{ sha256: sha256(content), attachmentId: up.body.id }],
    });
    const download = await request(t.baseUrl)
      .get(`/v1/requests/${id}/attachments/${up.body.id as string}`)
      .set('Authorization', `Bearer ${p.aut.officer.token ?? ''}`);
    expect(download.status).toBe(200);

    const used = await p.aut.officer.act(id, 'log-use', {
      use: 'opened-investigation',
      details: 'Investigation opened against the group',
      proceedingReference: 'StA Wien 12 St 40/26',
    });
    expect(used.body.status).toBe('USE_LOGGED');
    const notice = await p.aut.approver.act(id, 'notify-exculpatory-disclosure', {
      disclosure: 'A log shows a co-accused was not involved',
    });
    expect(notice.body.status).toBe('USE_LOGGED');
    const closed = await p.vnm.officer.act(id, 'close');
    expect(closed.body.status).toBe('CLOSED');
    // The binding outlives the case.
    expect(closed.body.caseData.binding.conditions).toHaveLength(2);
    const history = await p.aut.auditor.get(`/v1/requests/${id}/history`);
    expect(actionsOf(history.body)).toEqual([
      'offer',
      'deliver',
      'accept-conditions',
      'attach-document',
      'transmit',
      'log-use',
      'notify-exculpatory-disclosure',
      'close',
    ]);
  });

  it('should let the sender revise the conditions after a decline, then transmit nonetheless without them', async () => {
    const id = await offerInStatus(p, 'OFFERED');
    const badIndex = await p.aut.approver.act(id, 'decline-conditions', { reasons: 'r', unacceptable: [5] });
    expect(badIndex.status).toBe(400);
    expect(fieldsOf(badIndex)).toEqual(['unacceptable']);
    const declined = await p.aut.approver.act(id, 'decline-conditions', {
      reasons: 'Our courts must be able to see the source',
      unacceptable: [0],
    });
    expect(declined.body.status).toBe('CONDITIONS_DECLINED');
    const sender = await p.vnm.approver.get(`/v1/requests/${id}`);
    expect(sender.body.availableActions).toEqual([
      'revise-conditions',
      'transmit-without-conditions',
      'cancel',
    ]);
    expect((await p.aut.approver.get(`/v1/requests/${id}`)).body.availableActions).toEqual([]);

    const revised = await p.vnm.approver.act(id, 'revise-conditions', {
      conditions: [{ type: 'USE_LIMIT', text: 'Only for the investigation of this group' }],
    });
    expect(revised.body.status).toBe('OFFERED');
    expect(revised.body.caseData.conditions.items).toHaveLength(1);
    await p.aut.approver.act(id, 'decline-conditions', { reasons: 'No use limit is possible under our law' });
    const sent = await p.vnm.approver.act(id, 'transmit-without-conditions', {
      summary: 'Chat logs',
      items: DOCUMENTS,
    });
    expect(sent.body.status).toBe('TRANSMITTED');
    expect(sent.body.caseData.binding).toMatchObject({ conditions: [], arose: 'provided-nonetheless' });
    expect(sent.body.caseData.declines).toHaveLength(2);
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(actionsOf(history.body)).toEqual([
      'create',
      'offer',
      'deliver',
      'decline-conditions',
      'revise-conditions',
      'decline-conditions',
      'transmit-without-conditions',
    ]);
  });

  it('should let the receiver follow the information up with an MLA request of its own, linked to the offer', async () => {
    const id = await offerInStatus(p, 'TRANSMITTED');
    const mla = await p.aut.officer.post('/v1/requests', {
      ...mlaBody(p.vnm.authorityId),
      followsUpRequestId: id,
      subject: 'Identify the members of the group named in the chat logs',
    });
    expect(mla.status).toBe(201);
    expect((await p.aut.officer.act(mla.body.id as string, 'submit')).status).toBe(200);
    await waitFor(
      'the MLA request to reach Viet Nam',
      async () =>
        (await p.vnm.officer.get(`/v1/requests/${mla.body.id as string}`)).body?.status === 'RECEIVED',
    );
    const offer = await p.aut.officer.get(`/v1/requests/${id}`);
    expect(offer.body.followUps).toEqual([
      { id: mla.body.id, reference: mla.body.reference, channel: 'mla', status: 'RECEIVED' },
    ]);
    // The offer has no hold to take: its status and history stay as they were.
    expect(offer.body.status).toBe('TRANSMITTED');
    const logged = await p.aut.officer.act(id, 'log-use', {
      use: 'made-request',
      details: `MLA request ${mla.body.reference as string} sent to Viet Nam`,
    });
    expect(logged.body.status).toBe('USE_LOGGED');
    const history = await p.vnm.auditor.get(`/v1/requests/${id}/history`);
    expect(actionsOf(history.body)).toEqual([
      'create',
      'offer',
      'deliver',
      'accept-conditions',
      'transmit',
      'log-use',
    ]);
  });

  it('should let the sender cancel an offer, and refuse moves from the wrong state with 409', async () => {
    const id = await offerInStatus(p, 'CONDITIONS_ACCEPTED');
    const early = await p.aut.officer.act(id, 'log-use', { use: 'no-action', details: 'x' });
    expect(early.status).toBe(409);
    const cancelled = await p.vnm.approver.act(id, 'cancel', {
      reasons: 'Our own investigation would suffer',
    });
    expect(cancelled.body.status).toBe('CANCELLED');
    const late = await p.vnm.approver.act(id, 'transmit', { summary: 's', items: DOCUMENTS });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INVALID_TRANSITION');
  });

  it('should demand the contents of an offer, and of an art. 51 offer its proceeds, naming the fields', async () => {
    const empty = await draft({
      subject: undefined,
      details: { kind: undefined, informationSummary: undefined, usefulFor: undefined },
    });
    const before = await dbSnapshot(t);
    const res = await p.vnm.officer.act(empty, 'offer');
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual([
      'subject',
      'details.kind',
      'details.informationSummary',
      'details.usefulFor',
    ]);
    expect(await dbSnapshot(t)).toEqual(before);

    const proceeds = await draft({ offences: [], details: { kind: 'proceeds-of-crime' } });
    const noProceeds = await p.vnm.officer.act(proceeds, 'offer');
    expect(fieldsOf(noProceeds)).toEqual(['offences', 'details.proceeds']);
    const fixed = await p.vnm.officer.patch(`/v1/requests/${proceeds}`, {
      offences: [{ provision: 'Penal Code art. 287', description: 'Interference with a computer system' }],
      details: {
        ...(spontaneousBody(p.aut.authorityId).details as object),
        kind: 'proceeds-of-crime',
        proceeds: [
          { description: 'Wallet holding ransom payments', estimatedValue: 250000, currency: 'EUR' },
        ],
      },
    });
    expect(fixed.status).toBe(200);
    expect((await p.vnm.officer.act(proceeds, 'offer')).body.status).toBe('OFFERED');

    const badDetails = await p.vnm.officer.post(
      '/v1/requests',
      spontaneousBody(p.aut.authorityId, { details: { kind: 'gossip', conditions: [{ type: 'SECRET' }] } }),
    );
    expect(badDetails.status).toBe(400);
    expect(fieldsOf(badDetails).sort()).toEqual(
      ['details.conditions[0].text', 'details.conditions[0].type', 'details.kind'].sort(),
    );
  });
});
