import {
  type SignedEnvelope,
  type SignedReceipt,
  verifyEnvelope,
  verifyReceipt,
} from '@/modules/federation/envelope/envelope';
import type { PublicJwk } from '@/modules/federation/jwk';
import { verifyKeyLog } from '@/modules/federation/key-log';
import { HttpClient, type HttpResult } from './http-client';
import type { EngineNode } from './nodes';

/*
 * What a script does with federated nodes over their APIs and databases: pinning with four eyes, parties,
 * polling a request's status, and the ledger that `npm run test:federation`, the demo and the bench print:
 * envelopes, lost, duplicated, histories equal, receipts verified.
 */

export class UnexpectedAnswer extends Error {}

/** A node's API as the test sees it: its direct address (no proxy), its two admins. */
export class NodeApi {
  readonly http: HttpClient;

  constructor(readonly node: EngineNode) {
    this.http = new HttpClient(node.url, 64, 20000);
  }

  get name(): string {
    return this.node.name;
  }

  send(method: string, path: string, token: string | null, body?: unknown): Promise<HttpResult> {
    return this.http.send(method, path, token, body);
  }

  /** `method path` by `token`, which must answer `status` (else UnexpectedAnswer naming the node). */
  async expect(
    status: number,
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<any> {
    const res = await this.send(method, path, token, body);
    if (res.status !== status) {
      throw new UnexpectedAnswer(
        `node ${this.name}: ${method} ${path} answered ${res.status}, expected ${status}: ${JSON.stringify(res.body).slice(0, 400)}`,
      );
    }
    return res.body;
  }

  /**
   * POST an action of a request; answers the request after it. 200: applied here; 202: a move of the side
   * that does not own the request's state, sent to the owner's node (it takes effect when the owner applies
   * it). Anything else throws.
   */
  async act(token: string, id: string, action: string, payload: Record<string, unknown> = {}): Promise<any> {
    const path = `/v1/requests/${id}/actions/${action}`;
    const res = await this.send('POST', path, token, payload);
    if (res.status !== 200 && res.status !== 202) {
      throw new UnexpectedAnswer(
        `node ${this.name}: POST ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`,
      );
    }
    return res.body;
  }

  /** The request's status as `token` sees it, or undefined while it cannot see it. */
  async status(token: string, id: string): Promise<string | undefined> {
    const res = await this.send('GET', `/v1/requests/${id}`, token);
    return res.status === 200 ? (res.body as { status: string }).status : undefined;
  }

  close(): void {
    this.http.close();
  }
}

export interface Authority {
  id: string;
  code: string;
  officer: string;
  approver: string;
  auditor: string;
}

/** A local authority on `api`'s node with an officer, an approver and an auditor. */
export async function seedAuthority(
  api: NodeApi,
  body: { code: string; name: string; country: string; kind: string; languages: string[] },
): Promise<Authority> {
  const admin = api.node.adminToken;
  const { id } = (await api.expect(201, 'POST', '/v1/authorities', admin, body)) as { id: string };
  const token = async (role: string): Promise<string> =>
    (
      (await api.expect(201, 'POST', `/v1/authorities/${id}/users`, admin, {
        name: `${body.code} ${role}`,
        roles: [role],
      })) as {
        token: string;
      }
    ).token;
  return {
    id,
    code: body.code,
    officer: await token('officer'),
    approver: await token('approver'),
    auditor: await token('auditor'),
  };
}

/**
 * `from` pins `to` with four eyes: its first admin adds `to` by origin and reads the fingerprint, the second
 * admin confirms it (here: the fingerprint `to` publishes in its key log, as received through an official
 * channel). Returns the peer's id on `from`.
 */
export async function pin(from: NodeApi, to: NodeApi): Promise<{ peerId: string; fingerprint: string }> {
  const published = (await to.expect(200, 'GET', '/federation/v1/key-log', null)) as { fingerprint: string };
  const added = (await from.expect(201, 'POST', '/v1/federation/peers', from.node.adminToken, {
    origin: to.node.origin,
  })) as { id: string; fingerprint: string };
  if (added.fingerprint.replace(/\s/g, '').toLowerCase() !== published.fingerprint) {
    throw new UnexpectedAnswer(
      `node ${from.name} read fingerprint ${added.fingerprint} for ${to.name}, which publishes ${published.fingerprint}`,
    );
  }
  await from.expect(200, 'POST', `/v1/federation/peers/${added.id}/confirm`, from.node.secondAdminToken, {
    fingerprint: published.fingerprint,
  });
  return { peerId: added.id, fingerprint: published.fingerprint };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it gives a truthy value (returned), or throws naming `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) {
        return value;
      }
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) {
      const why = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(everyMs);
  }
}

/** One audit event of a request, every hashed column: equal on two nodes means equal hash for hash. */
export interface HistoryRow {
  seq: number;
  action: string;
  to_status: string;
  hash: string;
  [column: string]: unknown;
}

export async function dbHistory(node: EngineNode, requestId: string): Promise<HistoryRow[]> {
  const { rows } = await node.db.query<HistoryRow>(
    `SELECT seq, action, from_status, to_status, actor_type, actor_user_id, actor_authority_id, payload,
            occurred_at, prev_hash, hash FROM audit_events WHERE request_id = $1 ORDER BY seq`,
    [requestId],
  );
  return rows;
}

/** Why two histories differ (the first differing event), or null when they are equal event for event. */
export function historyDifference(a: HistoryRow[], b: HistoryRow[]): string | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) {
      return `${a.length} events against ${b.length} (first missing: #${(x ?? y).seq} ${(x ?? y).action})`;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      return `event #${x.seq} differs: ${x.action} ${x.hash} against ${y.action} ${y.hash}`;
    }
  }
  return null;
}

export interface LedgerRequest {
  id: string;
  /** The two nodes holding the request. */
  nodes: [EngineNode, EngineNode];
}

/** What the federation's books say across nodes, once quiet. */
export interface Ledger {
  requests: number;
  /** Envelopes sent (rows `out`, receipts as envelopes included), on every node. */
  envelopes: number;
  /** Sent envelopes whose receiver holds no envelope with that id and digest, or still pending on the sender. */
  lost: string[];
  /** Received envelopes applied more than once, or events recorded twice on a node. */
  duplicated: string[];
  /** Requests whose two histories differ, with why. */
  historiesDiffer: string[];
  receiptsVerified: number;
  receiptsBad: string[];
  envelopesVerified: number;
  envelopesBad: string[];
}

interface EnvelopeRow {
  direction: 'in' | 'out';
  peer_origin: string;
  envelope_id: string;
  request_id: string;
  type: string;
  digest: string;
  status: string;
  envelope: SignedEnvelope;
}

/** Every key each node has had (its own key log, verified from its inception), by origin. */
async function keysByOrigin(nodes: EngineNode[]): Promise<Map<string, PublicJwk[]>> {
  const keys = new Map<string, PublicJwk[]>();
  for (const node of nodes) {
    const res = await fetch(`${node.url}/federation/v1/key-log`);
    const body = (await res.json()) as { events: unknown };
    const verified = await verifyKeyLog(body.events, node.origin);
    if (!verified.ok) {
      throw new Error(`node ${node.name}: its own key log does not verify: ${verified.reason}`);
    }
    keys.set(
      node.origin,
      verified.state.keys.map((k) => k.jwk),
    );
  }
  return keys;
}

/**
 * The ledger of `requests` across `nodes`: every envelope sent was received once with the same digest and
 * is delivered (none lost), no envelope or event twice (none duplicated), each request's two histories
 * equal hash for hash, every receipt and envelope signature verified offline against the signer's key log.
 * `allowPending`: envelope ids that may legitimately still be pending (e.g. to a peer kept partitioned).
 */
export async function ledger(
  nodes: EngineNode[],
  requests: LedgerRequest[],
  allowPending: ReadonlySet<string> = new Set(),
): Promise<Ledger> {
  const keys = await keysByOrigin(nodes);
  const byOrigin = new Map(nodes.map((n) => [n.origin, n]));
  const out: Ledger = {
    requests: requests.length,
    envelopes: 0,
    lost: [],
    duplicated: [],
    historiesDiffer: [],
    receiptsVerified: 0,
    receiptsBad: [],
    envelopesVerified: 0,
    envelopesBad: [],
  };
  const received = new Map<string, EnvelopeRow[]>();
  const rowsOf = new Map<string, EnvelopeRow[]>();
  for (const node of nodes) {
    const { rows } = await node.db.query<EnvelopeRow>(
      'SELECT direction, peer_origin, envelope_id, request_id, type, digest, status, envelope FROM federation_envelopes',
    );
    rowsOf.set(node.name, rows);
    for (const r of rows.filter((x) => x.direction === 'in')) {
      const key = `${r.peer_origin}>${node.origin}:${r.envelope_id}`;
      received.set(key, [...(received.get(key) ?? []), r]);
    }
  }
  for (const node of nodes) {
    for (const r of rowsOf.get(node.name) ?? []) {
      const signer = r.direction === 'out' ? node.origin : r.peer_origin;
      if (await verifyEnvelope(r.envelope, keys.get(signer) ?? [])) {
        out.envelopesVerified++;
      } else {
        out.envelopesBad.push(`${node.name} ${r.direction} ${r.type} ${r.envelope_id}`);
      }
      if (r.direction !== 'out') {
        continue;
      }
      out.envelopes++;
      const receiver = byOrigin.get(r.peer_origin);
      const label = `${node.name}->${receiver?.name ?? r.peer_origin} ${r.type} ${r.envelope_id}`;
      const got = received.get(`${node.origin}>${r.peer_origin}:${r.envelope_id}`) ?? [];
      if (!receiver) {
        continue;
      }
      if (allowPending.has(r.envelope_id)) {
        continue;
      }
      if (got.length === 0 || got[0].digest !== r.digest || r.status !== 'delivered') {
        out.lost.push(
          `${label} (sender: ${r.status}; receiver: ${got.length === 0 ? 'none' : got[0].status})`,
        );
      }
      if (got.length > 1) {
        out.duplicated.push(`${label} received ${got.length} times`);
      }
    }
    // A DELIVERY or REJECTED receipt is a signed receipt; a PROCESSED one is the receiver's own envelope.
    const { rows: receipts } = await node.db.query<{
      kind: string;
      receipt: SignedReceipt | SignedEnvelope;
      envelope_id: string;
    }>(
      `SELECT r.kind, r.receipt, e.envelope_id FROM federation_receipts r
         JOIN federation_envelopes e ON e.id = r.envelope_row_id`,
    );
    for (const { kind, receipt, envelope_id } of receipts) {
      const asEnvelope = 'from' in receipt ? receipt : null;
      const signer = asEnvelope ? asEnvelope.from.node : (receipt as SignedReceipt).node;
      const ok = asEnvelope
        ? await verifyEnvelope(asEnvelope, keys.get(signer) ?? [])
        : await verifyReceipt(receipt as SignedReceipt, keys.get(signer) ?? []);
      if (ok) {
        out.receiptsVerified++;
      } else {
        out.receiptsBad.push(`${node.name}: ${kind} of ${envelope_id} signed for ${signer}`);
      }
    }
    const { rows: twice } = await node.db.query<{ request_id: string; action: string; n: number }>(
      `SELECT request_id, action, count(*)::int AS n FROM audit_events WHERE request_id IS NOT NULL
        GROUP BY request_id, action, occurred_at, actor_user_id, payload HAVING count(*) > 1`,
    );
    for (const t of twice) {
      out.duplicated.push(`${node.name}: ${t.action} of ${t.request_id} recorded ${t.n} times`);
    }
  }
  for (const r of requests) {
    const [x, y] = r.nodes;
    const diff = historyDifference(await dbHistory(x, r.id), await dbHistory(y, r.id));
    if (diff) {
      out.historiesDiffer.push(`${r.id} (${x.name}/${y.name}): ${diff}`);
    }
  }
  return out;
}

/** The ledger's lines, as the test, the demo and the bench print them. */
export function ledgerLines(l: Ledger): string[] {
  const list = (xs: string[]): string =>
    xs.length === 0 ? '' : `: ${xs.slice(0, 5).join('; ')}${xs.length > 5 ? '...' : ''}`;
  return [
    `requests ${l.requests}, envelopes ${l.envelopes}`,
    `lost ${l.lost.length}${list(l.lost)}`,
    `duplicated ${l.duplicated.length}${list(l.duplicated)}`,
    `histories equal ${l.requests - l.historiesDiffer.length}/${l.requests}${list(l.historiesDiffer)}`,
    `receipts verified ${l.receiptsVerified}/${l.receiptsVerified + l.receiptsBad.length}${list(l.receiptsBad)}`,
    `envelope signatures verified ${l.envelopesVerified}/${l.envelopesVerified + l.envelopesBad.length}${list(l.envelopesBad)}`,
  ];
}

export function ledgerClean(l: Ledger): boolean {
  return (
    l.lost.length === 0 &&
    l.duplicated.length === 0 &&
    l.historiesDiffer.length === 0 &&
    l.receiptsBad.length === 0 &&
    l.envelopesBad.length === 0
  );
}
