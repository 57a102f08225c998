import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setDialOverridesForTest } from '@/modules/federation/dial';
import { Api } from '../support/api';
import {
  closeNodes,
  type FederationNode as Node,
  pinnedPair,
  statusOn,
  until,
  user,
} from '../support/federation-nodes';
import { mlaBody } from '../support/parties';
import { loseQueuedJobs } from '../support/queue-faults';

/** Fast mode: retries in fractions of a second, the breaker opens after 2 failures, TIMEOUT after 2 s. */
const FAST = {
  FEDERATION_RETRY_BASE_MS: '100',
  FEDERATION_RETRY_MAX_MS: '600',
  FEDERATION_RETRY_ATTEMPTS: '4',
  FEDERATION_BREAKER_FAILURES: '2',
  FEDERATION_HEARTBEAT_S: '1',
  FEDERATION_DELIVERY_PERIOD_URGENT_S: '2',
  FEDERATION_DELIVERY_PERIOD_ROUTINE_S: '600',
};

interface Alert {
  id: string;
  kind: string;
  peerOrigin: string | null;
  requestId: string | null;
  envelopeRowId: string | null;
  resolvedAt: string | null;
}

/** A port nobody listens on: connections to it are refused (the peer is down). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Federation delivery: retries, circuit breaker, TIMEOUT receipts, alerts, resend, heartbeats', () => {
  let dir: string;
  let a: Node;
  let b: Node;
  let aOfficer: Api;
  let bOfficer: Api;
  let bCentral: string;
  let bPeerOnA: string;
  let id: string;
  let rowId: string;

  const peerOnA = async () =>
    ((await a.admin.get('/v1/federation/peers')).body as Record<string, any>[]).find(
      (p) => p.id === bPeerOnA,
    ) as Record<string, any>;
  const alertsOf = async (node: Node, query = '') =>
    (await node.admin.get(`/v1/federation/alerts${query}`)).body as Alert[];
  const receiptsOnA = async () =>
    (
      (await aOfficer.get(`/v1/requests/${id}/receipts`)).body as {
        direction: string;
        type: string;
        status: string;
        receipts: { kind: string; at: string; signerKid: string | null; signature: string | null }[];
      }[]
    ).find((r) => r.direction === 'sent' && r.type !== 'receipt');

  beforeAll(async () => {
    let aCa: string;
    ({ dir, a, b, aCentral: aCa, bCentral, bPeerOnA } = await pinnedPair('delivery', FAST));
    aOfficer = await user(a, aCa, ['officer']);
    bOfficer = await user(b, bCentral, ['officer']);
  }, 120000);

  afterAll(async () => {
    setDialOverridesForTest(undefined);
    await closeNodes(dir, a, b);
  });

  it('should keep an envelope pending while the peer is down, retrying with backoff until the breaker opens', async () => {
    // A's connections to B go to a closed port: B is down for A (B can still reach A).
    setDialOverridesForTest(new Map([[b.origin, { host: '127.0.0.1', port: await deadPort() }]]));
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral, { urgency: 'urgent' }));
    expect(draft.status).toBe(201);
    id = draft.body.id as string;
    expect((await aOfficer.act(id, 'submit')).status).toBe(200);

    const opened = await until('the breaker of B open on A', async () => {
      const p = await peerOnA();
      return p.delivery.breakerState !== 'closed' && p.delivery.failures >= 2 ? p : null;
    });
    expect(opened.delivery).toMatchObject({ queueDepth: 1, lastSuccessAt: null, lastStreamSeqSent: 1 });
    expect(opened.delivery.lastFailureReason).toMatch(/no answer/);
    expect(opened.delivery.lastFailureAt).not.toBeNull();
    const breakerAlert = await until('a BREAKER_OPEN alert', async () =>
      (await alertsOf(a)).find((x) => x.kind === 'BREAKER_OPEN' && x.peerOrigin === b.origin),
    );
    expect(breakerAlert.resolvedAt).toBeNull();

    const sent = await receiptsOnA();
    expect(sent?.status).toBe('pending');
    const rows = await a.t.db.query(
      `SELECT e.id, o.processed_at, o.attempts FROM federation_envelopes e JOIN outbox o
          ON o.payload->>'envelopeRowId' = e.id::text WHERE e.request_id = $1 AND e.direction = 'out'`,
      [id],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].processed_at).toBeNull();
    expect(rows.rows[0].attempts).toBeGreaterThanOrEqual(2);
    rowId = rows.rows[0].id as string;
    expect(await statusOn(bOfficer, id)).toBeUndefined();
  }, 60000);

  it('should record a signed TIMEOUT receipt after the delivery period and keep retrying', async () => {
    const timedOut = await until('a TIMEOUT receipt', async () => {
      const r = await receiptsOnA();
      return r?.receipts.find((x) => x.kind === 'TIMEOUT');
    });
    expect(timedOut.signerKid).toEqual(expect.any(String));
    expect(timedOut.signature).toEqual(expect.any(String));
    expect((await receiptsOnA())?.status).toBe('pending');
    // The request's history view lists it too, on the event the envelope carries (the submission).
    const history = (await aOfficer.get(`/v1/requests/${id}/history`)).body as {
      action: string;
      envelopes?: { direction: string; status: string; receipts: { kind: string }[] }[];
    }[];
    const submit = history.find((e) => e.action === 'submit');
    expect(submit?.envelopes).toEqual([
      expect.objectContaining({
        direction: 'sent',
        status: 'pending',
        receipts: [expect.objectContaining({ kind: 'TIMEOUT' })],
      }),
    ]);
    const timeoutAlert = (await alertsOf(a)).find((x) => x.kind === 'DELIVERY_TIMEOUT');
    expect(timeoutAlert).toMatchObject({ peerOrigin: b.origin, requestId: id, envelopeRowId: rowId });
    // Retries go on past the TIMEOUT until the attempts are used up: an alert, the envelope still pending.
    const exhausted = await until('a DELIVERY_EXHAUSTED alert', async () =>
      (await alertsOf(a)).find((x) => x.kind === 'DELIVERY_EXHAUSTED' && x.envelopeRowId === rowId),
    );
    expect(exhausted).toMatchObject({ peerOrigin: b.origin, requestId: id, resolvedAt: null });
    const row = await a.t.db.query(
      `SELECT o.processed_at FROM outbox o WHERE o.payload->>'envelopeRowId' = $1`,
      [rowId],
    );
    expect(row.rows[0].processed_at).toBeNull();
    // Only one TIMEOUT per envelope, however many sweeps ran.
    const r = await receiptsOnA();
    expect(r?.receipts.filter((x) => x.kind === 'TIMEOUT')).toHaveLength(1);
  }, 60000);

  it('should let an admin resend once the peer is back: delivered late with its real time, the breaker closed', async () => {
    setDialOverridesForTest(new Map());
    expect((await aOfficer.post(`/v1/federation/envelopes/${rowId}/resend`, {})).status).toBe(403);
    const resent = await a.admin.post(`/v1/federation/envelopes/${rowId}/resend`, {});
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({
      peer: b.origin,
      scheduled: [{ envelopeRowId: rowId, requestId: id, type: 'mla.submit', streamSeq: 1 }],
    });
    await until('RECEIVED on B', async () => (await statusOn(bOfficer, id)) === 'RECEIVED');
    const r = await until('the DELIVERY receipt on A', async () => {
      const sent = await receiptsOnA();
      return sent?.status === 'delivered' ? sent : null;
    });
    const timeout = r.receipts.find((x) => x.kind === 'TIMEOUT');
    const delivery = r.receipts.find((x) => x.kind === 'DELIVERY');
    expect(delivery).toBeDefined();
    expect(new Date(delivery!.at).getTime()).toBeGreaterThan(new Date(timeout!.at).getTime());

    const healthy = await until('the breaker closed', async () => {
      const p = await peerOnA();
      return p.delivery.breakerState === 'closed' && p.delivery.queueDepth === 0 ? p : null;
    });
    expect(healthy.delivery).toMatchObject({ failures: 0, breakerOpenUntil: null });
    expect(healthy.delivery.lastSuccessAt).not.toBeNull();
    const settled = await a.t.db.query(`SELECT outcome FROM outbox WHERE payload->>'envelopeRowId' = $1`, [
      rowId,
    ]);
    expect(settled.rows.map((x) => x.outcome)).toEqual(['delivered']);

    const again = await a.admin.post(`/v1/federation/envelopes/${rowId}/resend`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ENVELOPE_NOT_PENDING');
    expect((await a.admin.post('/v1/federation/envelopes/not-a-uuid/resend', {})).status).toBe(400);
    expect((await a.admin.post(`/v1/federation/envelopes/${id}/resend`, {})).status).toBe(404);
    const all = await a.admin.post(`/v1/federation/peers/${bPeerOnA}/resend`, {});
    expect(all.status).toBe(200);
    expect(all.body.scheduled).toEqual([]);
  }, 60000);

  it('should deliver by itself once the peer is back, through the half-open probe, even after the queue lost its jobs', async () => {
    setDialOverridesForTest(new Map([[b.origin, { host: '127.0.0.1', port: await deadPort() }]]));
    const draft = await aOfficer.post('/v1/requests', mlaBody(bCentral));
    const second = draft.body.id as string;
    expect((await aOfficer.act(second, 'submit')).status).toBe(200);
    await until('the breaker of B open on A again', async () => {
      const p = await peerOnA();
      return p.delivery.breakerState !== 'closed' && p.delivery.queueDepth === 1;
    });
    // Redis loses every job: Postgres still holds the undone send row, which the relay offers again.
    await loseQueuedJobs(a.t);
    setDialOverridesForTest(new Map());
    await until(
      'RECEIVED on B without a resend',
      async () => (await statusOn(bOfficer, second)) === 'RECEIVED',
    );
    const p = await until('the breaker closed again', async () => {
      const peer = await peerOnA();
      return peer.delivery.breakerState === 'closed' && peer.delivery.queueDepth === 0 ? peer : null;
    });
    expect(p.delivery.failures).toBe(0);
  }, 60000);

  it('should list alerts to admins only, open or resolved, and resolve each once', async () => {
    expect((await aOfficer.get('/v1/federation/alerts')).status).toBe(403);
    expect((await a.admin.get('/v1/federation/alerts?open=maybe')).status).toBe(400);
    const open = await alertsOf(a, '?open=true');
    const exhausted = open.find((x) => x.kind === 'DELIVERY_EXHAUSTED') as Alert;
    const resolved = await a.admin2.post(`/v1/federation/alerts/${exhausted.id}/resolve`, {});
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolvedAt).toEqual(expect.any(String));
    expect(resolved.body.resolvedBy).toEqual(expect.any(String));
    const twice = await a.admin.post(`/v1/federation/alerts/${exhausted.id}/resolve`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALERT_ALREADY_RESOLVED');
    expect((await alertsOf(a, '?open=true')).map((x) => x.id)).not.toContain(exhausted.id);
    expect((await alertsOf(a, '?open=false')).map((x) => x.id)).toContain(exhausted.id);
    expect((await a.admin.post(`/v1/federation/alerts/${id}/resolve`, {})).status).toBe(404);
  }, 30000);

  it('should exchange heartbeats and raise a STREAM_GAP alert when envelopes the sender holds receipts for are missing', async () => {
    const seen = await until('heartbeats both ways', async () => {
      const onB = ((await b.admin.get('/v1/federation/peers')).body as Record<string, any>[])[0];
      const onA = await peerOnA();
      return onB.delivery.heartbeatReceivedAt && onA.delivery.heartbeatReceivedAt ? onB : null;
    });
    expect(seen.delivery.lastStreamSeqReceived).toBeGreaterThanOrEqual(2);
    expect(seen.delivery.peerView).toMatchObject({
      lastSent: expect.any(Number),
      lastDelivered: expect.any(Number),
      deliveredCount: expect.any(Number),
      lastReceived: expect.any(Number),
      receivedCount: expect.any(Number),
    });
    expect((await alertsOf(b)).filter((x) => x.kind === 'STREAM_GAP')).toEqual([]);
    // B loses what it stored of A's stream (as after a restore from an older backup).
    await b.t.db.query(
      `DELETE FROM federation_receipts WHERE envelope_row_id IN (
         SELECT id FROM federation_envelopes WHERE direction = 'in' AND peer_origin = $1)`,
      [a.origin],
    );
    await b.t.db.query(`DELETE FROM federation_envelopes WHERE direction = 'in' AND peer_origin = $1`, [
      a.origin,
    ]);
    const gap = await until('a STREAM_GAP alert on B', async () =>
      (await alertsOf(b)).find((x) => x.kind === 'STREAM_GAP' && x.peerOrigin === a.origin),
    );
    expect(gap.resolvedAt).toBeNull();
  }, 30000);
});
