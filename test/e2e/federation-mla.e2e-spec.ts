import { join } from 'node:path';
import { type SignedEnvelope, signEnvelope, withoutSignature } from '@/modules/federation/envelope/envelope';
import { contentDigest } from '@/modules/federation/envelope/http-signature';
import { publicJwkOf } from '@/modules/federation/jwk';
import { readKeyFile } from '@/modules/federation/key-files';
import { Api } from '../support/api';
import {
  closeNodes,
  type FederationNode as Node,
  history,
  pinnedPair,
  postEnvelope,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';
import { mlaBody } from '../support/parties';

describe('Federation: an MLA request across two nodes, with signed envelopes and receipts', () => {
  let dir: string;
  let a: Node;
  let b: Node;
  let aOfficer: Api;
  let aAuditor: Api;
  let bOfficer: Api;
  let bApprover: Api;
  let bAuditor: Api;
  let bCentral: string;
  let id: string;
  let bPeerOfA: string;

  beforeAll(async () => {
    // A status enquiry unanswered for 2 s is reminded of (the clocks' test below), on both nodes.
    const clocks = { STATUS_ENQUIRY_REMINDER_DAYS: String(2 / 86400) };
    let aCa: string;
    ({ dir, a, b, aCentral: aCa, bCentral, aPeerOnB: bPeerOfA } = await pinnedPair('mla', clocks));
    aOfficer = await user(a, aCa, ['officer']);
    aAuditor = await user(a, aCa, ['auditor']);
    bOfficer = await user(b, bCentral, ['officer']);
    bApprover = await user(b, bCentral, ['approver']);
    bAuditor = await user(b, bCentral, ['auditor']);
  }, 120000);

  afterAll(() => closeNodes(dir, a, b));

  it('should list a remote authority under the id it has on its own node', async () => {
    const directory = (await aOfficer.get('/v1/authorities')).body as { id: string; code: string }[];
    expect(directory.find((x) => x.code === 'AUT-BMJ-CA')?.id).toBe(bCentral);
  });

  it('should walk an MLA request from submission to closure across the nodes, both histories equal hash for hash', async () => {
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    expect(draft.status).toBe(201);
    id = draft.body.id as string;
    const submitted = await aOfficer.act(id, 'submit');
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('SUBMITTED');

    await until('RECEIVED on B', async () => (await statusOn(bOfficer, id)) === 'RECEIVED');
    await until('RECEIVED on A', async () => (await statusOn(aOfficer, id)) === 'RECEIVED');
    const copy = (await bOfficer.get(`/v1/requests/${id}`)).body;
    expect(copy).toMatchObject({ reference: draft.body.reference, subject: draft.body.subject });

    const steps: [Api, string, Record<string, unknown>, string, Api][] = [
      [bOfficer, 'acknowledge', {}, 'UNDER_REVIEW', aOfficer],
      [bOfficer, 'request-information', { questions: 'Which time window?' }, 'INFO_REQUESTED', aOfficer],
      [aOfficer, 'provide-information', { answers: '14-16 March 2026' }, 'UNDER_REVIEW', bOfficer],
      [bApprover, 'accept', {}, 'ACCEPTED', aOfficer],
      [bOfficer, 'start-execution', {}, 'IN_EXECUTION', aOfficer],
      [
        bApprover,
        'transmit-results',
        { final: true, summary: 'Subscriber data', items: [{ name: 'r.pdf', sha256: 'c'.repeat(64) }] },
        'EXECUTED',
        aOfficer,
      ],
      [aOfficer, 'confirm-receipt', {}, 'CLOSED', bOfficer],
    ];
    // INFO_REQUESTED is B's state (docs/federation.md "Consistency"): A's answer is proposed to B (202),
    // applied there and sent back as B's event; every other move here is its owner's (200).
    const proposed = ['provide-information'];
    for (const [actor, action, payload, status, other] of steps) {
      const res = await actor.act(id, action, payload);
      const code = proposed.includes(action) ? 202 : 200;
      expect({ action, status: res.status, body: res.status === 200 ? res.body.status : code }).toEqual({
        action,
        status: code,
        body: code === 200 ? status : 202,
      });
      await until(`${action} on the other node`, async () => (await statusOn(other, id)) === status);
      await until(`${action} here`, async () => (await statusOn(actor, id)) === status);
    }

    const onA = await history(a, id);
    const onB = await history(b, id);
    expect(onA.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'deliver',
      'acknowledge',
      'request-information',
      'provide-information',
      'accept',
      'start-execution',
      'transmit-results',
      'confirm-receipt',
    ]);
    expect(onB).toEqual(onA);
    expect((await aAuditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
    expect((await bAuditor.get(`/v1/audit/verify?requestId=${id}`)).body.valid).toBe(true);
  }, 120000);

  it('should list every envelope of the request with its signed receipts on both nodes', async () => {
    await until('every envelope processed', async () => {
      const rows = (await aOfficer.get(`/v1/requests/${id}/receipts`)).body as {
        type: string;
        receipts: { kind: string }[];
      }[];
      const sent = rows.filter((r) => r.type !== 'receipt');
      return sent.length > 0 && sent.every((r) => r.receipts.some((x) => x.kind === 'PROCESSED'));
    });
    const onA = (await aOfficer.get(`/v1/requests/${id}/receipts`)).body as Record<string, any>[];
    const sentByA = onA.filter((r) => r.direction === 'sent' && r.type !== 'receipt');
    expect(sentByA.map((r) => r.type)).toEqual([
      'mla.submit',
      'mla.provide-information',
      'mla.confirm-receipt',
    ]);
    for (const r of sentByA) {
      expect(r.status).toBe('delivered');
      expect(r.receipts.map((x: { kind: string }) => x.kind)).toEqual(['DELIVERY', 'PROCESSED']);
      expect(r.receipts[1].result).toBe('applied');
      expect(r.receipts[0].signerKid).toEqual(expect.any(String));
      expect(r.receipts[0].signature).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    }
    const onB = (await bAuditor.get(`/v1/requests/${id}/receipts`)).body as Record<string, any>[];
    expect(onB.filter((r) => r.direction === 'received' && r.type !== 'receipt').map((r) => r.type)).toEqual([
      'mla.submit',
      'mla.provide-information',
      'mla.confirm-receipt',
    ]);
    // B, the owner of INFO_REQUESTED, applied A's proposed answer and sent it back as its own event.
    expect(onB.filter((r) => r.direction === 'sent' && r.type !== 'receipt').map((r) => r.type)).toEqual([
      'mla.acknowledge',
      'mla.request-information',
      'mla.provide-information',
      'mla.accept',
      'mla.start-execution',
      'mla.transmit-results',
    ]);
  });

  it('should answer the same envelope posted twice with the original DELIVERY receipt, applied once', async () => {
    const stored = (
      await a.t.db.query(
        `SELECT envelope FROM federation_envelopes WHERE direction = 'out' AND request_id = $1 AND type = 'mla.submit'`,
        [id],
      )
    ).rows[0].envelope as SignedEnvelope;
    const original = (
      await b.t.db.query(
        `SELECT r.receipt FROM federation_receipts r JOIN federation_envelopes e ON e.id = r.envelope_row_id
          WHERE e.direction = 'in' AND e.envelope_id = $1 AND r.kind = 'DELIVERY'`,
        [stored.id],
      )
    ).rows[0].receipt;
    const again = await postEnvelope(b, JSON.stringify(stored), a.keyPath);
    expect(again.status).toBe(200);
    expect(again.body.receipt).toEqual(original);
    const count = await b.t.db.query(
      `SELECT count(*)::int AS n FROM federation_envelopes WHERE direction = 'in' AND envelope_id = $1`,
      [stored.id],
    );
    expect(count.rows[0].n).toBe(1);
    expect((await history(b, id)).filter((e) => e.action === 'deliver')).toHaveLength(1);

    // The same id with another body (signed by A all the same): 409 CONFLICT, signed, nothing stored.
    const other = await signEnvelope(
      { ...withoutSignature(stored), streamSeq: stored.streamSeq + 1000 },
      readKeyFile(a.keyPath)!,
      publicJwkOf(readKeyFile(a.keyPath)!).kid,
    );
    const conflict = await postEnvelope(b, JSON.stringify(other), a.keyPath);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      code: 'CONFLICT',
      details: { receipt: { kind: 'REJECTED', code: 'CONFLICT' } },
    });
  });

  it('should refuse a bad signature, a tampered body and a suspended peer with a signed 401 or 403, storing nothing', async () => {
    const stored = (
      await a.t.db.query(
        `SELECT envelope FROM federation_envelopes WHERE direction = 'out' AND request_id = $1 AND type = 'mla.submit'`,
        [id],
      )
    ).rows[0].envelope as SignedEnvelope;
    const before = (await b.t.db.query('SELECT count(*)::int AS n FROM federation_envelopes')).rows[0].n;

    const badSig = await postEnvelope(b, JSON.stringify(stored), a.keyPath, (h) => {
      h.signature = `sig1=:${Buffer.alloc(64, 1).toString('base64')}:`;
    });
    expect(badSig).toMatchObject({ status: 401, body: { code: 'SIGNATURE_INVALID' } });
    expect(badSig.body.details.receipt.signature).toMatch(/\.\./);

    const tampered = await postEnvelope(b, JSON.stringify(stored), a.keyPath, (h) => {
      h['content-digest'] = contentDigest('something else');
    });
    expect(tampered).toMatchObject({ status: 401, body: { code: 'SIGNATURE_INVALID' } });

    const stranger = join(dir, 'stranger.pem');
    const { generateKeyPairSync } = await import('node:crypto');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      stranger,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const unknown = await postEnvelope(b, JSON.stringify(stored), stranger);
    expect(unknown).toMatchObject({ status: 401, body: { code: 'UNKNOWN_PEER' } });

    expect((await b.admin.post(`/v1/federation/peers/${bPeerOfA}/suspend`, { reason: 'test' })).status).toBe(
      200,
    );
    const suspended = await postEnvelope(
      b,
      JSON.stringify({ ...stored, id: crypto.randomUUID() }),
      a.keyPath,
    );
    expect(suspended).toMatchObject({ status: 403, body: { code: 'PEER_SUSPENDED' } });
    expect((await b.t.db.query('SELECT count(*)::int AS n FROM federation_envelopes')).rows[0].n).toBe(
      before,
    );
    expect((await b.admin.post(`/v1/federation/peers/${bPeerOfA}/resume`)).status).toBe(200);
  });

  it("should run each clock on the node whose clock it is: the enquiry reminder on A, the postponement's end on B", async () => {
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    const mla = draft.body.id as string;
    expect((await aOfficer.act(mla, 'submit')).status).toBe(200);
    await until('RECEIVED on A', async () => (await statusOn(aOfficer, mla)) === 'RECEIVED');
    expect((await bOfficer.act(mla, 'acknowledge')).status).toBe(200);
    await until('UNDER_REVIEW on A', async () => (await statusOn(aOfficer, mla)) === 'UNDER_REVIEW');

    // The requesting side's clock: the reminder of an unanswered enquiry is set and run by A.
    const asked = await aOfficer.act(mla, 'query-status', { question: 'When will you decide?' });
    expect([200, 202]).toContain(asked.status);
    const timersOf = async (api: Api) =>
      ((await api.get(`/v1/requests/${mla}/timers`)).body as { label: string; status: string }[]).map(
        (x) => x.label,
      );
    await until('the reminder set on A', async () =>
      (await timersOf(aOfficer)).includes('Unanswered status enquiry'),
    );
    await until('the reminder in both histories', async () => {
      const [onA, onB] = [await history(a, mla), await history(b, mla)];
      return onA.some((e) => e.action === 'remind-enquiry') && onB.some((e) => e.action === 'remind-enquiry');
    });
    expect(await timersOf(bOfficer)).toEqual([]);
    // Fired on A; UNDER_REVIEW is B's status, so its move was applied by B and came back as B's event.
    const reminder = (
      (await aOfficer.get(`/v1/requests/${mla}/timers`)).body as Record<string, unknown>[]
    )[0];
    expect(reminder).toMatchObject({ label: 'Unanswered status enquiry', status: 'fired' });
    const reminded = (await history(a, mla)).find((e) => e.action === 'remind-enquiry')!;
    expect(reminded.payload).toMatchObject({
      trigger: { jobName: 'EnquiryRemind', params: { askedAt: expect.any(String) } },
    });

    // The requested side's clock: the end of a postponement is set and run by B.
    const postponed = await bApprover.act(mla, 'postpone', {
      reasons: 'Would interfere with our own investigation',
      until: new Date(Date.now() + 1500).toISOString(),
    });
    expect(postponed).toMatchObject({ status: 200, body: { status: 'POSTPONED' } });
    expect(await timersOf(bOfficer)).toEqual(['End of postponement']);
    await until('POSTPONED on A', async () => (await statusOn(aOfficer, mla)) === 'POSTPONED');
    expect(await timersOf(aOfficer)).toEqual(['Unanswered status enquiry']);
    await until('resumed by the clock on A', async () => (await statusOn(aOfficer, mla)) === 'UNDER_REVIEW');
    await until(
      'both histories equal',
      async () => JSON.stringify(await history(a, mla)) === JSON.stringify(await history(b, mla)),
    );
    expect((await history(a, mla)).map((e) => e.action)).toEqual([
      'create',
      'submit',
      'deliver',
      'acknowledge',
      'query-status',
      'remind-enquiry',
      'postpone',
      'resume',
    ]);
    expect((await aOfficer.get(`/v1/requests/${mla}`)).body.caseData).toEqual(
      (await bOfficer.get(`/v1/requests/${mla}`)).body.caseData,
    );
  }, 60000);
});
