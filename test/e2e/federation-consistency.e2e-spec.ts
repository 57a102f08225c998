import { signEnvelope, type SignedEnvelope, withoutSignature } from '@/modules/federation/envelope/envelope';
import { contentDigest, signMessage } from '@/modules/federation/envelope/http-signature';
import { publicJwkOf } from '@/modules/federation/jwk';
import { readKeyFile } from '@/modules/federation/key-files';
import type { Api } from '../support/api';
import {
  authority,
  closeNodes,
  type FederationNode,
  history,
  pinnedPair,
  postEnvelope,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';
import { mlaBody } from '../support/parties';

/** Fast retries and no breaker in the way: the scenarios below are about order, not about outages. */
const FAST = {
  FEDERATION_RETRY_BASE_MS: '100',
  FEDERATION_RETRY_MAX_MS: '500',
  FEDERATION_BREAKER_FAILURES: '100',
  WEBHOOK_BACKOFF_MS: '100',
  // A status enquiry unanswered for 2 s is reminded of: the requesting side's clock.
  STATUS_ENQUIRY_REMINDER_DAYS: String(2 / 86400),
};

interface ReceiptView {
  envelopeId: string;
  direction: string;
  type: string;
  status: string;
  receipts: { kind: string; result: string; reason: string | null }[];
}

async function receiptsOf(api: Api, id: string): Promise<ReceiptView[]> {
  return (await api.get(`/v1/requests/${id}/receipts`)).body as ReceiptView[];
}

/** The PROCESSED receipt of the proposal of `type` sent by the node `api` speaks to, once it is there. */
async function processedProposal(api: Api, id: string, type: string) {
  return until(`the PROCESSED receipt of ${type}`, async () => {
    const sent = (await receiptsOf(api, id)).find((r) => r.direction === 'sent' && r.type === type);
    return sent?.receipts.find((x) => x.kind === 'PROCESSED');
  });
}

describe('Federation: consistency across two nodes (one sequencer per status, gap filling, quarantine)', () => {
  let dir: string;
  let a: FederationNode;
  let b: FederationNode;
  let aCentral: string;
  let bCentral: string;
  let aOfficer: Api;
  let bOfficer: Api;
  let bApprover: Api;

  /** An MLA request from A to B, delivered and acknowledged on both nodes (UNDER_REVIEW, owned by B). */
  async function underReview(): Promise<string> {
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    expect((await aOfficer.act(id, 'submit')).status).toBe(200);
    await until('RECEIVED on B', async () => (await statusOn(bOfficer, id)) === 'RECEIVED');
    expect((await bOfficer.act(id, 'acknowledge')).status).toBe(200);
    await until('UNDER_REVIEW on A', async () => (await statusOn(aOfficer, id)) === 'UNDER_REVIEW');
    return id;
  }

  /** Both histories of the request, once the nodes are quiet: equal event for event, hash for hash. */
  async function sameHistories(id: string) {
    await until('the same history on both nodes', async () => {
      const [onA, onB] = await Promise.all([history(a, id), history(b, id)]);
      return onA.length === onB.length && onA.length > 0;
    });
    const onA = await history(a, id);
    expect(await history(b, id)).toEqual(onA);
    return onA;
  }

  beforeAll(async () => {
    ({ dir, a, b, aCentral, bCentral } = await pinnedPair('consistency', FAST));
    aOfficer = await user(a, aCentral, ['officer']);
    bOfficer = await user(b, bCentral, ['officer']);
    bApprover = await user(b, bCentral, ['approver']);
  }, 120000);

  afterAll(() => closeNodes(dir, a, b));

  it("should answer a move of the non-owner 202 with the pending move, and apply it when the owner's node does", async () => {
    const id = await underReview();
    const sent = await aOfficer.act(id, 'withdraw', { reasons: 'Assistance no longer needed' });
    expect(sent.status).toBe(202);
    expect(sent.body.status).toBe('UNDER_REVIEW');
    expect(sent.body.pendingMoves).toEqual([
      {
        action: 'withdraw',
        envelopeId: expect.any(String),
        sentTo: b.origin,
        at: expect.any(String),
        by: 'user',
      },
    ]);

    await until('WITHDRAWN on A', async () => (await statusOn(aOfficer, id)) === 'WITHDRAWN');
    expect(await statusOn(bOfficer, id)).toBe('WITHDRAWN');
    expect((await processedProposal(aOfficer, id, 'mla.withdraw')).result).toBe('applied');
    expect((await aOfficer.get(`/v1/requests/${id}`)).body.pendingMoves).toBeUndefined();

    // B recorded the withdrawal as an action of A's officer, and sent the event back: one history.
    const events = await sameHistories(id);
    expect(events.map((e) => e.action)).toEqual(['create', 'submit', 'deliver', 'acknowledge', 'withdraw']);
    expect(events[4]).toMatchObject({ actor_type: 'user', actor_authority_id: aCentral });
  }, 60000);

  it('should apply a withdrawal sent right after the submission, once the copy is there, on both nodes', async () => {
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    const id = draft.body.id as string;
    expect((await aOfficer.act(id, 'submit')).status).toBe(200);
    // SUBMITTED is B's to leave (its delivery): the withdrawal goes to B, whatever B holds yet.
    const sent = await aOfficer.act(id, 'withdraw', { reasons: 'Sent by mistake' });
    expect(sent.status).toBe(202);
    await until('WITHDRAWN on B', async () => (await statusOn(bOfficer, id)) === 'WITHDRAWN');
    await until('WITHDRAWN on A', async () => (await statusOn(aOfficer, id)) === 'WITHDRAWN');
    const events = await sameHistories(id);
    expect(events.map((e) => e.action)).toEqual(['create', 'submit', 'deliver', 'withdraw']);
    expect((await processedProposal(aOfficer, id, 'mla.withdraw')).result).toBe('applied');
  }, 60000);

  it('should end withdraw racing refuse with one applied, the other not-applied with its reason, and equal histories', async () => {
    const id = await underReview();
    const consult = await bApprover.act(id, 'open-consultation', {
      intendedOutcome: 'refuse',
      reasons: 'Likely harm to essential interests',
    });
    expect(consult.status).toBe(200);
    await until('CONSULTATION on A', async () => (await statusOn(aOfficer, id)) === 'CONSULTATION');

    const [refused, withdrawn] = await Promise.all([
      bApprover.act(id, 'refuse', { grounds: ['ESSENTIAL_INTERESTS'], reasons: 'Sovereignty' }),
      aOfficer.act(id, 'withdraw', { reasons: 'Assistance no longer needed' }),
    ]);
    // The owner (B) refused on its head; A's withdrawal was decided on the older head and sent to B.
    expect(refused.status).toBe(200);
    expect(withdrawn.status).toBe(202);
    const processed = await processedProposal(aOfficer, id, 'mla.withdraw');
    expect(processed).toMatchObject({ result: 'not-applied', reason: expect.stringContaining('REFUSED') });

    await until('REFUSED on A', async () => (await statusOn(aOfficer, id)) === 'REFUSED');
    const events = await sameHistories(id);
    expect(events.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'deliver',
      'acknowledge',
      'open-consultation',
      'refuse',
    ]);
    expect((await aOfficer.get(`/v1/requests/${id}`)).body.pendingMoves).toBeUndefined();
  }, 60000);

  it("should send A's clock that fires in a status B owns to B as a system proposal, and accept only A's clocks", async () => {
    const id = await underReview();
    const asked = await aOfficer.act(id, 'query-status', { question: 'When will you decide?' });
    expect(asked.status).toBe(202);
    // B records the enquiry (A's officer's action); A sets its reminder and, when it fires, proposes it.
    await until(
      'the reminder on both nodes',
      async () => (await history(b, id)).some((e) => e.action === 'remind-enquiry'),
      30000,
    );
    const events = await sameHistories(id);
    expect(events.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'deliver',
      'acknowledge',
      'query-status',
      'remind-enquiry',
    ]);
    expect(events[5]).toMatchObject({ actor_type: 'system' });
    expect((await processedProposal(aOfficer, id, 'mla.remind-enquiry')).result).toBe('applied');

    // A clock of B's side (a postponement's end) proposed by A is not A's to run: not applied, nothing written.
    const key = readKeyFile(a.keyPath)!;
    const head = events[events.length - 1];
    const proposal = await signEnvelope(
      {
        v: 1,
        id: '7e57f0c9-0000-4000-8000-0000000c10c5',
        type: 'mla.resume',
        from: { node: a.origin, authority: aCentral },
        to: { node: b.origin, authority: bCentral },
        case: { id, channel: 'mla' },
        caseSeq: head.seq + 1,
        prev: head.hash.trim(),
        streamSeq: 900001,
        actor: { role: null, ref: null },
        createdAt: new Date().toISOString(),
        body: {
          proposal: {
            action: 'resume',
            payload: {},
            actor: { type: 'system' },
            trigger: {
              jobName: 'PostponementEnd',
              runAt: new Date().toISOString(),
              params: {},
              outboxId: '1',
            },
          },
        },
        attachments: [],
        agreement: 'uncc-2024/1',
      },
      key,
      publicJwkOf(key).kid,
    );
    expect((await postEnvelope(b, JSON.stringify(proposal), a.keyPath)).status).toBe(202);
    const answered = await until('the forged clock answered', async () => {
      const row = (await receiptsOf(bOfficer, id)).find((r) => r.envelopeId === proposal.id);
      return row?.receipts.find((x) => x.kind === 'PROCESSED');
    });
    expect(answered).toMatchObject({
      result: 'not-applied',
      reason: expect.stringContaining('is not a clock the requesting side runs'),
    });
    expect(await history(b, id)).toEqual(events);
  }, 60000);

  it('should fill a dropped envelope from the next one, and take the dropped one arriving later as a duplicate', async () => {
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    const id = draft.body.id as string;
    expect((await aOfficer.act(id, 'submit')).status).toBe(200);
    await until('RECEIVED on B', async () => (await statusOn(bOfficer, id)) === 'RECEIVED');
    await until('RECEIVED on A', async () => (await statusOn(aOfficer, id)) === 'RECEIVED');

    // B's envelope of `acknowledge` is lost on the way: its send job is written as already done.
    await b.t.db.query(`
      CREATE FUNCTION test_drop_acknowledge() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.job_name = 'federation-send' AND EXISTS (
          SELECT 1 FROM federation_envelopes e WHERE e.id = (NEW.payload->>'envelopeRowId')::uuid
             AND e.type = 'mla.acknowledge' AND e.request_id = '${id}') THEN
          NEW.processed_at := now();
          NEW.outcome := 'dropped';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_drop_acknowledge BEFORE INSERT ON outbox
        FOR EACH ROW EXECUTE FUNCTION test_drop_acknowledge();`);
    try {
      expect((await bOfficer.act(id, 'acknowledge')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(await statusOn(aOfficer, id)).toBe('RECEIVED');
      expect(
        (await bOfficer.act(id, 'request-information', { questions: 'Which time window?' })).status,
      ).toBe(200);
    } finally {
      await b.t.db.query(
        'DROP TRIGGER test_drop_acknowledge ON outbox; DROP FUNCTION test_drop_acknowledge();',
      );
    }

    // A found event 5 after its head 3: it fetched 4 and 5 from B, checked them, and applied both.
    await until('INFO_REQUESTED on A', async () => (await statusOn(aOfficer, id)) === 'INFO_REQUESTED');
    const events = await sameHistories(id);
    expect(events.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'deliver',
      'acknowledge',
      'request-information',
    ]);
    const dropped = (
      await b.t.db.query(
        `SELECT envelope FROM federation_envelopes WHERE direction = 'out' AND request_id = $1 AND type = 'mla.acknowledge'`,
        [id],
      )
    ).rows[0].envelope as SignedEnvelope;
    expect((await receiptsOf(aOfficer, id)).some((r) => r.envelopeId === dropped.id)).toBe(false);

    // The lost envelope arrives after all: stored, and applied as the duplicate it is (no second event).
    const late = await postEnvelope(a, JSON.stringify(dropped), b.keyPath);
    expect(late.status).toBe(202);
    const settled = await until('the late envelope processed', async () => {
      const row = (await receiptsOf(aOfficer, id)).find((r) => r.envelopeId === dropped.id);
      return row && row.status !== 'stored' ? row : undefined;
    });
    expect(settled.status).toBe('applied');
    expect(await history(a, id)).toEqual(events);
  }, 60000);

  it("should serve a case's events to a party's node only (signed GET), refusing others as for a case that does not exist", async () => {
    const id = await underReview();
    const url = `${b.origin}/federation/v1/cases/${id}/events?after=0`;
    const unsigned = await fetch(url);
    expect(unsigned.status).toBe(401);
    const body = (await unsigned.json()) as { code: string; details: { receipt: { signature: string } } };
    expect(body.code).toBe('SIGNATURE_INVALID');
    expect(body.details.receipt.signature).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);

    const signedGet = async (target: string) => {
      const key = readKeyFile(a.keyPath)!;
      const digest = contentDigest('');
      const headers = {
        'content-type': 'application/coop-envelope+json',
        'content-digest': digest,
        ...signMessage(
          {
            method: 'GET',
            targetUri: target,
            contentType: 'application/coop-envelope+json',
            contentDigest: digest,
          },
          key,
          publicJwkOf(key).kid,
        ),
      };
      const res = await fetch(target, { headers });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const served = await signedGet(url);
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ v: 1, node: b.origin, case: id, after: 0 });
    expect((served.body.events as { seq: number }[]).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(served.body.signature).toEqual(expect.any(String));

    // Unknown, and a request A is no party to (two authorities of B): the same signed 404.
    const unknown = await signedGet(
      `${b.origin}/federation/v1/cases/${'0'.repeat(8)}-0000-4000-8000-000000000000/events?after=0`,
    );
    expect(unknown).toMatchObject({ status: 404, body: { code: 'CASE_UNKNOWN' } });
    const other = await authority(b, {
      code: 'DEU-BFJ-CA',
      name: 'Federal Office of Justice',
      country: 'DEU',
      kind: 'central',
      languages: ['de', 'en'],
    });
    const local = await bOfficer.post('/v1/requests', mlaBody(other));
    expect(local.status).toBe(201);
    const notParty = await signedGet(`${b.origin}/federation/v1/cases/${local.body.id}/events?after=0`);
    expect(notParty).toMatchObject({ status: 404, body: { code: 'CASE_UNKNOWN' } });
    expect(notParty.body.message).toBe(unknown.body.message.replace(/[0-9a-f-]{36}/, local.body.id));
  }, 60000);

  it('should quarantine both sides on a forged divergence, refuse every action with QUARANTINED, alert both operators, and let each admin lift it with a reason', async () => {
    const id = await underReview();
    const before = await history(b, id);
    const head = before[before.length - 1];
    // An envelope signed by A's key claiming another event 4 than the one both nodes hold.
    const key = readKeyFile(a.keyPath)!;
    const body = {
      v: 1 as const,
      id: '7e57f0c9-0000-4000-8000-00000000d1ff',
      type: 'mla.acknowledge',
      from: { node: a.origin, authority: aCentral },
      to: { node: b.origin, authority: bCentral },
      case: { id, channel: 'mla' },
      caseSeq: head.seq,
      prev: head.prev_hash,
      streamSeq: 900000,
      actor: { role: null, ref: null },
      createdAt: new Date().toISOString(),
      body: {
        event: {
          seq: head.seq,
          action: 'acknowledge',
          fromStatus: 'RECEIVED',
          toStatus: 'UNDER_REVIEW',
          actorType: 'user',
          actorUserId: '00000000-0000-4000-8000-00000000f00d',
          actorAuthorityId: aCentral,
          payload: {},
          occurredAt: new Date().toISOString(),
          prevHash: head.prev_hash,
          hash: 'f'.repeat(64),
        },
      },
      attachments: [],
      agreement: 'uncc-2024/1',
    };
    const forged = await signEnvelope(body, key, publicJwkOf(key).kid);
    expect(withoutSignature(forged)).toEqual(body);
    expect((await postEnvelope(b, JSON.stringify(forged), a.keyPath)).status).toBe(202);

    const onB = await until(
      'quarantined on B',
      async () => (await bOfficer.get(`/v1/requests/${id}`)).body.quarantine,
    );
    expect(onB).toMatchObject({
      peer: a.origin,
      seq: head.seq,
      reason: expect.stringContaining('another event'),
    });
    const onA = await until(
      'quarantined on A',
      async () => (await aOfficer.get(`/v1/requests/${id}`)).body.quarantine,
    );
    expect(onA).toMatchObject({ peer: b.origin, seq: head.seq });

    const refusedOnB = await bApprover.act(id, 'accept');
    expect(refusedOnB.status).toBe(409);
    expect(refusedOnB.body.code).toBe('QUARANTINED');
    const refusedOnA = await aOfficer.act(id, 'withdraw', { reasons: 'r' });
    expect(refusedOnA.status).toBe(409);
    expect(refusedOnA.body.code).toBe('QUARANTINED');
    // Nothing overwritten on either node.
    expect(await history(b, id)).toEqual(before);
    expect(await history(a, id)).toEqual(before);

    for (const node of [a, b]) {
      const alerts = (await node.admin.get('/v1/federation/alerts')).body as {
        kind: string;
        requestId: string;
      }[];
      expect(alerts.filter((x) => x.kind === 'QUARANTINED' && x.requestId === id)).toHaveLength(1);
    }
    const told = (await receiptsOf(bOfficer, id)).find((r) => r.envelopeId === forged.id);
    expect(told?.receipts.find((x) => x.kind === 'PROCESSED')).toMatchObject({
      result: 'not-applied',
      reason: expect.stringContaining('DIVERGED'),
    });

    // The operators compare the histories (nothing diverged in fact: the forged envelope was never applied)
    // and each lifts its quarantine: listed with who and why, and the request moves again.
    const listed = (await b.admin.get('/v1/federation/quarantine?open=true')).body as { requestId: string }[];
    expect(listed.map((q) => q.requestId)).toContain(id);
    const noReason = await b.admin.post(`/v1/federation/quarantine/${id}/lift`, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    expect((await bOfficer.post(`/v1/federation/quarantine/${id}/lift`, { reason: 'x' })).status).toBe(403);
    for (const node of [a, b]) {
      const lifted = await node.admin.post(`/v1/federation/quarantine/${id}/lift`, {
        reason: 'histories compared event by event: equal; the forged envelope was never applied',
      });
      expect(lifted.status).toBe(200);
      expect(lifted.body).toMatchObject({ requestId: id, liftReason: expect.stringContaining('compared') });
      expect(lifted.body.liftedAt).toEqual(expect.any(String));
      expect(
        (await node.admin.post(`/v1/federation/quarantine/${id}/lift`, { reason: 'again' })).status,
      ).toBe(404);
      const all = (await node.admin.get('/v1/federation/quarantine?open=false')).body as {
        requestId: string;
      }[];
      expect(all.map((q) => q.requestId)).toContain(id);
    }
    expect((await bOfficer.get(`/v1/requests/${id}`)).body.quarantine ?? null).toBeNull();
    const accepted = await bApprover.act(id, 'accept');
    expect(accepted.status).toBe(200);
    await until('accepted on A', async () => (await statusOn(aOfficer, id)) === 'ACCEPTED');
    expect(await history(a, id)).toEqual(await history(b, id));
  }, 90000);
});
