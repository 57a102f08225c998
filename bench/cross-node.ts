import { type AuthorityUsers, expectStatus, pick, seedAuthority } from '../tools/harness/engine-client';
import { NodeApi, pin, until } from '../tools/harness/federation';
import { HttpClient, Latencies, round } from '../tools/harness/http-client';
import { type EngineNode, startNodes } from '../tools/harness/nodes';
import { mlaDraft, RESULTS_PAYLOAD } from '../tools/samples/drafts';

/*
 * The bench's cross-node figure: the same walk as the single-node measurement (submit, delivery,
 * acknowledge, accept, start-execution, transmit-results), but Viet Nam's authority on node A and Austria's
 * on node B, two processes of the built engine (each API and workers in one process, its own database on
 * the bench's PostgreSQL server), every transition crossing as a signed envelope with its receipts. The
 * clock stops once A holds every transition B made. Delivery node to node is read from the two databases:
 * the sender's envelope row written -> the receiver's row stored (the same machine's clock).
 */

export interface CrossNodeResult {
  queues: 'redis' | 'postgres';
  requests: number;
  concurrency: number;
  /** Transitions of the measured requests (create excluded), counted on B, the node that made most. */
  transitions: number;
  /** From the first submit until A held every transition. */
  seconds: number;
  rate: number;
  errors: number;
  /** Envelope written on the sender -> stored by the receiver, both directions. */
  envelope: ReturnType<Latencies['summary']>;
  /** The submission on A -> its delivery (RECEIVED) on B. */
  submitToReceived: ReturnType<Latencies['summary']>;
  envelopes: number;
}

export interface CrossNodeOptions {
  pgAdminUrl: string;
  /** The queues on this Redis (each node under its own prefix); undefined: on PostgreSQL. */
  redisUrl: string | undefined;
  requests: number;
  concurrency: number;
  log: (line: string) => void;
  /** Set when the run must stop (the bench's time limit). */
  stopped: () => boolean;
  /** Keep the nodes' folders (their logs) after the run. */
  keepFiles?: boolean;
}

const INBOX_POLL_MS = 20;

export async function measureCrossNode(o: CrossNodeOptions): Promise<CrossNodeResult> {
  o.log(`cross-node: starting two nodes (queues on ${o.redisUrl ? 'Redis' : 'PostgreSQL'})`);
  const cluster = await startNodes({
    nodes: [
      { name: 'A', country: 'VNM' },
      { name: 'B', country: 'AUT' },
    ],
    pgAdminUrl: o.pgAdminUrl,
    redisUrl: o.redisUrl,
    // The engine's own outbox timing, as in the single-node walk; heartbeats out of the way.
    extraEnv: {
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: undefined,
      OUTBOX_SWEEP_MS: undefined,
      JOB_ATTEMPTS: undefined,
      WEBHOOK_BACKOFF_MS: undefined,
      FEDERATION_HEARTBEAT_S: '300',
    },
    readyTimeoutMs: 90000,
    keepFiles: o.keepFiles,
  });
  o.log(`cross-node: nodes' folders (logs) in ${cluster.dir}`);
  const a = cluster.node('A');
  const b = cluster.node('B');
  const httpA = new HttpClient(a.url, o.concurrency * 2);
  const httpB = new HttpClient(b.url, o.concurrency * 2);
  const apiA = new NodeApi(a);
  const apiB = new NodeApi(b);
  let inbox: Inbox | undefined;
  try {
    const vnm = await seedAuthority(httpA, a.adminToken, 'VNM-MPS-CA', 'VNM', 4);
    const aut = await seedAuthority(httpB, b.adminToken, 'AUT-BMJ-CA', 'AUT', 4);
    await pin(apiA, apiB);
    await pin(apiB, apiA);
    const warmup = Math.min(o.requests, o.concurrency * 2);
    const ids: string[] = [];
    for (let n = 0; n < warmup + o.requests; n++) {
      const res = expectStatus(
        'create draft on A',
        await httpA.send('POST', '/v1/requests', pick(vnm.officers, n), mlaDraft(aut.authorityId, n)),
        201,
      );
      ids.push((res.body as { id: string }).id);
    }
    inbox = new Inbox(httpB, aut.officers[0]);
    o.log(`cross-node: warm-up walk, ${warmup} requests`);
    await walkAll(httpA, httpB, vnm, aut, ids.slice(0, warmup), o, inbox);
    const measured = ids.slice(warmup);
    o.log(`cross-node: measured walk, ${measured.length} requests, ${o.concurrency} in parallel`);
    const started = Date.now();
    const { errors } = await walkAll(httpA, httpB, vnm, aut, measured, o, inbox);
    const onB = await transitionsOf(b, measured);
    await until(
      'A to hold every transition B made',
      async () => (await transitionsOf(a, measured)) >= onB,
      60000,
      20,
    );
    const seconds = (Date.now() - started) / 1000;
    const { envelope, envelopes } = await envelopeLatency(a, b, measured);
    return {
      queues: o.redisUrl ? 'redis' : 'postgres',
      requests: measured.length,
      concurrency: o.concurrency,
      transitions: onB,
      seconds: round(seconds, 2),
      rate: round(onB / seconds),
      errors,
      envelope: envelope.summary(),
      submitToReceived: (await submitToReceived(b, measured)).summary(),
      envelopes,
    };
  } finally {
    inbox?.stop();
    httpA.close();
    httpB.close();
    apiA.close();
    apiB.close();
    await cluster.stop();
  }
}

async function walkAll(
  httpA: HttpClient,
  httpB: HttpClient,
  vnm: AuthorityUsers,
  aut: AuthorityUsers,
  ids: string[],
  o: CrossNodeOptions,
  inbox: Inbox,
): Promise<{ errors: number }> {
  let next = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < ids.length && !o.stopped()) {
        const n = next++;
        const id = ids[n];
        try {
          const act = async (
            http: HttpClient,
            action: string,
            token: string,
            payload: unknown,
          ): Promise<void> => {
            expectStatus(
              action,
              await http.send('POST', `/v1/requests/${id}/actions/${action}`, token, payload),
              200,
            );
          };
          await act(httpA, 'submit', pick(vnm.officers, n), {});
          await inbox.arrival(id);
          await act(httpB, 'acknowledge', pick(aut.officers, n), {});
          await act(httpB, 'accept', pick(aut.approvers, n), {});
          await act(httpB, 'start-execution', pick(aut.officers, n), {});
          await act(httpB, 'transmit-results', pick(aut.approvers, n), RESULTS_PAYLOAD);
        } catch (err) {
          errors++;
          if (errors <= 5) {
            o.log(`cross-node walk failed: ${String(err)}`);
          }
        }
      }
    }),
  );
  return { errors };
}

/** B's system polling its inbox for received requests, one call for every walk waiting. */
class Inbox {
  private readonly waiting = new Map<
    string,
    { resolve: () => void; reject: (e: Error) => void; since: number }
  >();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly token: string,
  ) {}

  stop(): void {
    clearTimeout(this.timer);
  }

  arrival(id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, since: Date.now() });
      this.timer ??= setTimeout(() => void this.poll(), INBOX_POLL_MS);
    });
  }

  private async poll(): Promise<void> {
    try {
      const res = expectStatus(
        'inbox poll on B',
        await this.http.send('GET', '/v1/requests?box=incoming&status=RECEIVED&limit=100', this.token),
        200,
      );
      for (const item of (res.body as { items: { id: string }[] }).items) {
        this.waiting.get(item.id)?.resolve();
        this.waiting.delete(item.id);
      }
    } catch (err) {
      this.waiting.forEach((w) => w.reject(err instanceof Error ? err : new Error(String(err))));
      this.waiting.clear();
    }
    for (const [id, w] of this.waiting) {
      if (Date.now() - w.since > 60000) {
        w.reject(new Error(`request ${id} not delivered to B after 60 s`));
        this.waiting.delete(id);
      }
    }
    this.timer = this.waiting.size > 0 ? setTimeout(() => void this.poll(), INBOX_POLL_MS) : undefined;
  }
}

async function transitionsOf(node: EngineNode, ids: string[]): Promise<number> {
  const { rows } = await node.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events WHERE request_id = ANY($1::uuid[]) AND action NOT IN ('create', 'edit')`,
    [ids],
  );
  return rows[0].n;
}

async function envelopeLatency(
  a: EngineNode,
  b: EngineNode,
  ids: string[],
): Promise<{ envelope: Latencies; envelopes: number }> {
  const rows = async (node: EngineNode, direction: 'in' | 'out'): Promise<Map<string, number>> => {
    const { rows: r } = await node.db.query<{ envelope_id: string; at: Date }>(
      `SELECT envelope_id, created_at AS at FROM federation_envelopes WHERE direction = $1 AND request_id = ANY($2::uuid[])`,
      [direction, ids],
    );
    return new Map(r.map((x) => [x.envelope_id, x.at.getTime()]));
  };
  const envelope = new Latencies();
  let envelopes = 0;
  for (const [sender, receiver] of [
    [a, b],
    [b, a],
  ] as const) {
    const sent = await rows(sender, 'out');
    const got = await rows(receiver, 'in');
    for (const [id, at] of sent) {
      envelopes++;
      const stored = got.get(id);
      if (stored !== undefined) {
        envelope.add(Math.max(0, stored - at));
      }
    }
  }
  return { envelope, envelopes };
}

async function submitToReceived(b: EngineNode, ids: string[]): Promise<Latencies> {
  const { rows } = await b.db.query<{ ms: number }>(
    `SELECT extract(epoch FROM (d.occurred_at - s.occurred_at)) * 1000 AS ms
       FROM audit_events s JOIN audit_events d ON d.request_id = s.request_id AND d.action = 'deliver'
      WHERE s.action = 'submit' AND s.request_id = ANY($1::uuid[])`,
    [ids],
  );
  const l = new Latencies();
  rows.forEach((r) => l.add(Number(r.ms)));
  return l;
}
