import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { SignedEnvelope } from '@/modules/federation/envelope/envelope';
import { publicJwkOf } from '@/modules/federation/jwk';
import {
  bodyOf,
  buildRotation,
  eventDigest,
  type KeyEvent,
  verifyKeyLog,
} from '@/modules/federation/key-log';
import { mlaDraft, preservationDraft } from '../../tools/samples/drafts';
import { dbHistory, historyDifference, type NodeApi, until } from '../../tools/harness/federation';
import type { EngineNode } from '../../tools/harness/nodes';
import {
  currentKey,
  kidOf,
  type InboxAnswer,
  postToInbox,
  rejectionOf,
  sealEnvelope,
  withoutSignature,
} from './forge';
import type { World } from './world';

/*
 * The scenarios of FEDERATION.md "How it is tested", each against the three running nodes. A scenario
 * throws on the first thing that is not as the contract says, and returns the lines worth printing.
 */

export interface Scenario {
  name: string;
  run(w: World): Promise<string[]>;
}

export class Failed extends Error {}

function check(condition: unknown, what: string): asserts condition {
  if (!condition) {
    throw new Failed(what);
  }
}

let counter = 0;

/** A new MLA request from Viet Nam (A) to Austria (B), submitted; resolves once both see RECEIVED. */
async function submittedMla(w: World, extra: Record<string, unknown> = {}): Promise<string> {
  const draft = (await w.a.expect(201, 'POST', '/v1/requests', w.vnm.officer, {
    ...mlaDraft(w.aut.id, ++counter),
    ...extra,
  })) as { id: string };
  w.requests.push({ id: draft.id, nodes: [w.node('A'), w.node('B')] });
  await w.a.act(w.vnm.officer, draft.id, 'submit');
  await bothSee(w, draft.id, 'RECEIVED');
  return draft.id;
}

/** Waits until A (the VNM officer) and B (the AUT officer) both see `status`. */
async function bothSee(w: World, id: string, status: string, timeoutMs = 30000): Promise<void> {
  await until(`${status} on B`, async () => (await w.b.status(w.aut.officer, id)) === status, timeoutMs);
  await until(`${status} on A`, async () => (await w.a.status(w.vnm.officer, id)) === status, timeoutMs);
}

async function count(node: EngineNode, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await node.db.query<{ n: number }>(sql, params);
  return rows[0].n;
}

const eventsTo = (node: EngineNode, id: string, status: string): Promise<number> =>
  count(node, 'SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND to_status = $2', [
    id,
    status,
  ]);

const envelopeRows = (node: EngineNode): Promise<number> =>
  count(node, 'SELECT count(*)::int AS n FROM federation_envelopes', []);

async function sentEnvelope(node: EngineNode, requestId: string, type: string): Promise<SignedEnvelope> {
  const { rows } = await node.db.query<{ envelope: SignedEnvelope }>(
    `SELECT envelope FROM federation_envelopes WHERE direction = 'out' AND request_id = $1 AND type = $2`,
    [requestId, type],
  );
  check(
    rows.length === 1,
    `one ${type} envelope of ${requestId} sent by ${node.name} (found ${rows.length})`,
  );
  return rows[0].envelope;
}

async function equalHistories(x: EngineNode, y: EngineNode, id: string): Promise<number> {
  const hx = await dbHistory(x, id);
  const diff = historyDifference(hx, await dbHistory(y, id));
  check(diff === null, `histories of ${id} on ${x.name} and ${y.name}: ${diff}`);
  return hx.length;
}

interface ReceiptRow {
  direction: string;
  type: string;
  status: string;
  receipts: { kind: string; result: string; signerKid: string; signature: string }[];
}

/** Every envelope sent about `id` by `api`'s node is delivered, with a DELIVERY and an applied PROCESSED receipt. */
async function allProcessed(api: NodeApi, token: string, id: string): Promise<ReceiptRow[]> {
  return until(`every envelope of ${id} sent by ${api.name} processed`, async () => {
    const rows = (await api.expect(200, 'GET', `/v1/requests/${id}/receipts`, token)) as ReceiptRow[];
    const sent = rows.filter((r) => r.direction === 'sent' && r.type !== 'receipt');
    const done = sent.every(
      (r) =>
        r.status === 'delivered' &&
        r.receipts.some((x) => x.kind === 'DELIVERY') &&
        r.receipts.some((x) => x.kind === 'PROCESSED' && x.result === 'applied'),
    );
    return sent.length > 0 && done ? sent : undefined;
  });
}

const MLA_STEPS: [
  side: 'A' | 'B',
  role: 'officer' | 'approver',
  action: string,
  payload: Record<string, unknown>,
  status: string,
][] = [
  ['B', 'officer', 'acknowledge', {}, 'UNDER_REVIEW'],
  ['B', 'officer', 'request-information', { questions: 'Which UTC time window?' }, 'INFO_REQUESTED'],
  ['A', 'officer', 'provide-information', { answers: '14-16 March 2026' }, 'UNDER_REVIEW'],
  [
    'B',
    'approver',
    'propose-conditions',
    { conditions: [{ type: 'USE_LIMIT', text: 'Use only in this investigation.' }] },
    'CONDITIONS_PROPOSED',
  ],
  ['A', 'approver', 'accept-conditions', {}, 'ACCEPTED'],
  ['B', 'officer', 'start-execution', {}, 'IN_EXECUTION'],
  [
    'B',
    'approver',
    'transmit-results',
    {
      final: false,
      summary: 'Subscriber data',
      items: [{ name: 'subscriber.pdf', sha256: 'a'.repeat(64), size: 4821 }],
    },
    'PARTIALLY_EXECUTED',
  ],
  [
    'B',
    'approver',
    'transmit-results',
    {
      final: true,
      summary: 'Access logs',
      items: [{ name: 'logs.csv', sha256: 'b'.repeat(64), size: 104857 }],
    },
    'EXECUTED',
  ],
  ['A', 'officer', 'confirm-receipt', {}, 'CLOSED'],
];

/** The walk request, kept for the scenarios that replay its envelopes. */
let walked: string | undefined;

export const mlaWalk: Scenario = {
  name: 'a full MLA walk across nodes (A requests, B executes), every action a signed envelope',
  async run(w) {
    const id = await submittedMla(w);
    for (const [side, role, action, payload, status] of MLA_STEPS) {
      const [api, authority] = side === 'A' ? [w.a, w.vnm] : [w.b, w.aut];
      await api.act(authority[role], id, action, payload);
      await bothSee(w, id, status);
    }
    const events = await equalHistories(w.node('A'), w.node('B'), id);
    const fromA = await allProcessed(w.a, w.vnm.auditor, id);
    const fromB = await allProcessed(w.b, w.aut.auditor, id);
    for (const [api, token] of [
      [w.a, w.vnm.auditor],
      [w.b, w.aut.auditor],
    ] as const) {
      const verify = (await api.expect(200, 'GET', `/v1/audit/verify?requestId=${id}`, token)) as {
        valid: boolean;
      };
      check(verify.valid, `the audit chain of ${id} on ${api.name} verifies`);
    }
    walked = id;
    return [
      `request ${id}: CLOSED on both nodes, ${events} events equal hash for hash`,
      `envelopes A->B: ${fromA.map((r) => r.type).join(', ')}`,
      `envelopes B->A: ${fromB.map((r) => r.type).join(', ')}`,
      'each delivered, with a signed DELIVERY receipt and an applied PROCESSED receipt; both audit chains verify',
    ];
  },
};

export const answerLost: Scenario = {
  name: 'the answer to a submission lost: delivered again, exactly one RECEIVED',
  async run(w) {
    const proxy = w.cluster.proxy('A', 'B');
    const mark = proxy.log().at(-1)?.seq ?? 0;
    // Hold A's inbox POSTs to B back (503) until the submission's envelope exists, then lose the answer to
    // that one envelope only (singled out by its length: other traffic, heartbeats and receipts, passes).
    const hold = proxy.addRule({
      fault: { mode: 'unavailable', status: 503 },
      match: { method: 'POST', path: '/federation/v1/inbox' },
      label: 'hold the inbox back',
    });
    let id: string;
    let submit: SignedEnvelope;
    try {
      const draft = (await w.a.expect(
        201,
        'POST',
        '/v1/requests',
        w.vnm.officer,
        mlaDraft(w.aut.id, ++counter),
      )) as {
        id: string;
      };
      id = draft.id;
      w.requests.push({ id, nodes: [w.node('A'), w.node('B')] });
      await w.a.act(w.vnm.officer, id, 'submit');
      submit = await sentEnvelope(w.node('A'), id, 'mla.submit');
      proxy.addRule({
        fault: { mode: 'drop-answer' },
        match: {
          method: 'POST',
          path: '/federation/v1/inbox',
          header: { name: 'content-length', includes: String(Buffer.byteLength(JSON.stringify(submit))) },
        },
        times: 1,
        label: 'lose the answer to the submission',
      });
    } finally {
      proxy.removeRule(hold.id);
    }
    await bothSee(w, id, 'RECEIVED');
    // B's deliver reaches A as B's own envelope; A's resend of the submission may still be on its way.
    await until(
      'the submission delivered (its DELIVERY receipt on A)',
      async () =>
        (await count(
          w.node('A'),
          `SELECT count(*)::int AS n FROM federation_envelopes WHERE direction = 'out' AND envelope_id = $1 AND status = 'delivered'`,
          [submit.id],
        )) === 1,
    );
    const size = Buffer.byteLength(JSON.stringify(submit));
    const posts = proxy
      .log(mark)
      .filter((r) => r.target === '/federation/v1/inbox' && r.requestBytes === size);
    const dropped = posts.filter((r) => r.outcome === 'dropped-answer');
    check(
      dropped.length === 1 && dropped[0].upstreamStatus === 202,
      `one submission answered 202 by B and its answer dropped (${JSON.stringify(posts.map((r) => [r.outcome, r.upstreamStatus]))})`,
    );
    const again = posts.filter((r) => r.seq > dropped[0].seq && r.outcome === 'passed' && r.status === 200);
    check(again.length >= 1, 'A sent it again and got 200 (the duplicate, with the original receipt)');
    check((await eventsTo(w.node('B'), id, 'RECEIVED')) === 1, 'exactly one RECEIVED on B');
    check((await eventsTo(w.node('A'), id, 'RECEIVED')) === 1, 'exactly one RECEIVED on A');
    const stored = await count(
      w.node('B'),
      `SELECT count(*)::int AS n FROM federation_envelopes WHERE direction = 'in' AND envelope_id = $1`,
      [submit.id],
    );
    check(stored === 1, `B stored the submission once (${stored})`);
    await equalHistories(w.node('A'), w.node('B'), id);
    return [
      `request ${id}: first POST answered 202 by B, answer dropped by the proxy; resent, answered 200 with the original receipt`,
      'B stored it once and applied it once; one RECEIVED on each node',
    ];
  },
};

export const sameIdOtherBody: Scenario = {
  name: 'the same envelope id with another body: 409 CONFLICT, signed, nothing applied',
  async run(w) {
    check(walked, 'the MLA walk ran first');
    const b = w.node('B');
    const stored = await sentEnvelope(w.node('A'), walked, 'mla.submit');
    const before = { envelopes: await envelopeRows(b), history: await dbHistory(b, walked) };
    const other = await sealEnvelope(
      { ...withoutSignature(stored), body: { ...stored.body, note: 'another body under the same id' } },
      currentKey(w.node('A')),
    );
    const answer = await postToInbox(b, JSON.stringify(other), currentKey(w.node('A')));
    check(
      answer.status === 409 && answer.body.code === 'CONFLICT',
      `409 CONFLICT (${answer.status} ${answer.body.code})`,
    );
    const receipt = rejectionOf(answer);
    check(
      receipt?.kind === 'REJECTED' && receipt.code === 'CONFLICT' && /\.\./.test(receipt.signature),
      'a signed REJECTED receipt with code CONFLICT',
    );
    check((await envelopeRows(b)) === before.envelopes, 'B stored nothing');
    check(
      historyDifference(before.history, await dbHistory(b, walked)) === null,
      'the request on B is unchanged',
    );
    return [
      `envelope ${stored.id} posted again with another body: 409 CONFLICT, signed REJECTED receipt, nothing stored or applied`,
    ];
  },
};

/** One refusal of the inbox: `answer` must be `status` with `code`, a signed rejection, nothing stored. */
function refused(what: string, answer: InboxAnswer, status: number, codes: string[]): string {
  const receipt = rejectionOf(answer);
  check(
    answer.status === status && codes.includes(String(answer.body.code)),
    `${what}: ${status} ${codes.join(' or ')} (got ${answer.status} ${answer.body.code}: ${String(answer.body.message ?? '').slice(0, 200)})`,
  );
  check(
    receipt?.kind === 'REJECTED' && /\.\./.test(receipt.signature),
    `${what}: a signed rejection receipt`,
  );
  return `${what}: ${answer.status} ${answer.body.code}`;
}

export const inboxRefusals: Scenario = {
  name: 'unknown key, tampered body, replay after 5 minutes, clock skew inside and outside the window, a request for B replayed to C',
  async run(w) {
    check(walked, 'the MLA walk ran first');
    const [a, b, c] = [w.node('A'), w.node('B'), w.node('C')];
    const stored = await sentEnvelope(a, walked, 'mla.submit');
    const text = JSON.stringify(stored);
    const aKey = currentKey(a);
    const before = {
      b: await envelopeRows(b),
      c: await envelopeRows(c),
      history: await dbHistory(b, walked),
    };
    const lines: string[] = [];
    const stranger = generateKeyPairSync('ed25519').privateKey;
    lines.push(refused('unknown key', await postToInbox(b, text, stranger), 401, ['UNKNOWN_PEER']));
    lines.push(
      refused(
        'tampered body',
        await postToInbox(b, text, aKey, { sentBody: text.replace('"mla.submit"', '"mla.withdraw"') }),
        401,
        ['SIGNATURE_INVALID'],
      ),
    );
    const now = Date.now();
    lines.push(
      refused(
        'replay after 5 minutes (signed 5 min 30 s ago)',
        await postToInbox(b, text, aKey, { at: new Date(now - 330_000) }),
        401,
        ['CLOCK_SKEW', 'SIGNATURE_INVALID'],
      ),
    );
    const skewed = await postToInbox(b, text, aKey, { at: new Date(now + 400_000) });
    lines.push(refused('clock skew outside the window (+400 s)', skewed, 401, ['CLOCK_SKEW']));
    check(
      /\d{4}-\d\d-\d\dT.*\d{4}-\d\d-\d\dT/s.test(
        String(skewed.body.message ?? skewed.body.details?.receipt?.reason),
      ),
      'CLOCK_SKEW names both times',
    );
    const inside = await postToInbox(b, text, aKey, { at: new Date(now + 120_000) });
    check(
      inside.status === 200,
      `clock skew inside the window (+120 s): accepted (the duplicate answers 200; got ${inside.status} ${inside.body.code})`,
    );
    lines.push(
      'clock skew inside the window (+120 s): accepted, 200 with the original receipt (a duplicate)',
    );
    lines.push(
      refused(
        'a request for B replayed to C verbatim',
        await postToInbox(c, text, aKey, { targetUri: `${b.origin}/federation/v1/inbox` }),
        401,
        ['SIGNATURE_INVALID'],
      ),
    );
    const rehopped = await postToInbox(c, text, aKey);
    check(
      rehopped.status >= 400 && rehopped.status < 500 && rejectionOf(rehopped)?.kind === 'REJECTED',
      `an envelope for B signed anew for C's inbox: refused (${rehopped.status} ${rehopped.body.code})`,
    );
    lines.push(`an envelope for B re-signed for C's inbox: ${rehopped.status} ${rehopped.body.code}`);
    check(
      (await envelopeRows(b)) === before.b && (await envelopeRows(c)) === before.c,
      'nothing stored on B or C',
    );
    check(
      historyDifference(before.history, await dbHistory(b, walked)) === null,
      'the request on B is unchanged',
    );
    lines.push('each refusal a signed REJECTED receipt; nothing stored on B or C, nothing applied');
    return lines;
  },
};

export const crashBetweenStoreAndApply: Scenario = {
  name: 'kill -9 of a node between storing and applying, Redis flushed, Postgres restarted',
  async run(w) {
    const [a, b] = [w.node('A'), w.node('B')];
    // Hold the apply back: it creates B's copy of the request, which waits on this lock; storing does not.
    const lock = new Client({ connectionString: b.env.DATABASE_URL });
    await lock.connect();
    let id: string;
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE cooperation_requests IN SHARE ROW EXCLUSIVE MODE');
      const draft = (await w.a.expect(
        201,
        'POST',
        '/v1/requests',
        w.vnm.officer,
        mlaDraft(w.aut.id, ++counter),
      )) as { id: string };
      id = draft.id;
      w.requests.push({ id, nodes: [a, b] });
      await w.a.act(w.vnm.officer, id, 'submit');
      await until(
        "the submission stored in B's inbox",
        async () =>
          (await count(
            b,
            `SELECT count(*)::int AS n FROM federation_envelopes WHERE direction = 'in' AND request_id = $1`,
            [id],
          )) === 1,
      );
      await b.kill('SIGKILL');
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end().catch(() => undefined);
    }
    const applied = await count(b, 'SELECT count(*)::int AS n FROM cooperation_requests WHERE id = $1', [id]);
    check(applied === 0, 'B held the envelope but had not applied it when killed');
    const lines = [
      `request ${id}: B stored the submission (DELIVERY answered), then kill -9 before applying it`,
    ];
    if (w.servers.redis) {
      await w.servers.redis.flushAll();
      lines.push('Redis flushed (every queue of every node lost)');
    }
    if (w.servers.pg) {
      await w.servers.pg.restart('immediate', 500);
      for (const n of w.cluster.list) {
        await until(`${n.name}'s database after the restart`, async () => {
          await n.reconnectDb();
          return true;
        });
      }
      lines.push('PostgreSQL crashed (immediate stop) and restarted under A and C');
    } else {
      lines.push('PostgreSQL: a shared server (TEST_PG_ADMIN_URL or the embedded one), not ours to restart');
    }
    await b.restart();
    await bothSee(w, id, 'RECEIVED', 60000);
    check((await eventsTo(b, id, 'RECEIVED')) === 1, 'exactly one RECEIVED on B');
    check((await eventsTo(a, id, 'RECEIVED')) === 1, 'exactly one RECEIVED on A');
    await equalHistories(a, b, id);
    await allProcessed(w.a, w.vnm.auditor, id);
    lines.push('B restarted: applied it once from PostgreSQL, PROCESSED reached A; histories equal');
    return lines;
  },
};

export const partitionLongerThanPeriod: Scenario = {
  name: 'a partition longer than the delivery period: TIMEOUT, then late delivery, states agree',
  async run(w) {
    const [a, b] = [w.node('A'), w.node('B')];
    const proxy = w.cluster.proxy('A', 'B');
    const draft = (await w.a.expect(201, 'POST', '/v1/requests', w.vnm.officer, {
      ...mlaDraft(w.aut.id, ++counter),
      urgency: 'urgent',
    })) as { id: string };
    const id = draft.id;
    w.requests.push({ id, nodes: [a, b] });
    await proxy.partition('refuse');
    let submit: SignedEnvelope;
    let timeoutAt: Date;
    try {
      await w.a.act(w.vnm.officer, id, 'submit');
      submit = await sentEnvelope(a, id, 'mla.submit');
      const period = Number(a.env.FEDERATION_DELIVERY_PERIOD_URGENT_S);
      timeoutAt = await until(
        `a TIMEOUT receipt on A (urgent period ${period} s)`,
        async () => {
          const { rows } = await a.db.query<{ at: Date }>(
            `SELECT r.at FROM federation_receipts r JOIN federation_envelopes e ON e.id = r.envelope_row_id
              WHERE e.direction = 'out' AND e.envelope_id = $1 AND r.kind = 'TIMEOUT'`,
            [submit.id],
          );
          return rows[0]?.at;
        },
        period * 1000 + 20000,
        250,
      );
      check(
        (await count(b, `SELECT count(*)::int AS n FROM federation_envelopes WHERE request_id = $1`, [
          id,
        ])) === 0,
        'B got nothing during the partition',
      );
      const alerts = await count(
        a,
        `SELECT count(*)::int AS n FROM federation_alerts WHERE kind = 'DELIVERY_TIMEOUT' AND request_id = $1`,
        [id],
      );
      check(alerts === 1, `one DELIVERY_TIMEOUT alert on A (${alerts})`);
    } finally {
      await proxy.heal();
    }
    await bothSee(w, id, 'RECEIVED', 60000);
    const { rows } = await a.db.query<{ kind: string; at: Date }>(
      `SELECT r.kind, r.at FROM federation_receipts r JOIN federation_envelopes e ON e.id = r.envelope_row_id
        WHERE e.direction = 'out' AND e.envelope_id = $1 ORDER BY r.id`,
      [submit.id],
    );
    const delivery = rows.find((r) => r.kind === 'DELIVERY');
    check(delivery && delivery.at > timeoutAt, `a late DELIVERY after the TIMEOUT (${JSON.stringify(rows)})`);
    check((await eventsTo(b, id, 'RECEIVED')) === 1, 'exactly one RECEIVED on B');
    const events = await equalHistories(a, b, id);
    return [
      `request ${id} (urgent): link A->B refused connections; TIMEOUT signed by A at ${timeoutAt.toISOString()}, a DELIVERY_TIMEOUT alert`,
      `healed: DELIVERY at ${delivery.at.toISOString()} (its real time), RECEIVED on both, ${events} events equal`,
    ];
  },
};

export const keyRotationMidTraffic: Scenario = {
  name: 'key rotation mid-traffic: A rotates between two moves, B follows through the key log',
  async run(w) {
    const [a, b] = [w.node('A'), w.node('B')];
    const id = await submittedMla(w);
    await w.b.act(w.aut.officer, id, 'acknowledge');
    await bothSee(w, id, 'UNDER_REVIEW');
    await w.b.act(w.aut.officer, id, 'request-information', { questions: 'Which mailbox exactly?' });
    await bothSee(w, id, 'INFO_REQUESTED');
    const before = kidOf(currentKey(a));
    const rotated = JSON.parse(await a.cli(['rotate-federation-key'])) as {
      keyId: string;
      previousKeyId: string;
    };
    check(
      rotated.previousKeyId === before && rotated.keyId !== before,
      `A rotated from ${before} (${JSON.stringify(rotated)})`,
    );
    check(kidOf(currentKey(a)) === rotated.keyId, "A's key file holds the new key");
    await w.a.act(w.vnm.officer, id, 'provide-information', { answers: 'ops@example.at' });
    await bothSee(w, id, 'UNDER_REVIEW');
    const sent = (await w.a.expect(200, 'GET', `/v1/requests/${id}/receipts`, w.vnm.auditor)) as {
      type: string;
      direction: string;
      signerKid: string;
    }[];
    const answer = sent.find((r) => r.direction === 'sent' && r.type === 'mla.provide-information');
    check(
      answer?.signerKid === rotated.keyId,
      `the envelope after the rotation is signed by the new key (${answer?.signerKid})`,
    );
    const followed = await count(
      b,
      `SELECT count(*)::int AS n FROM federation_peer_events e JOIN federation_peers p ON p.id = e.peer_id
        WHERE p.origin = $1 AND e.action = 'follow-rotation'`,
      [a.origin],
    );
    check(followed === 1, `B followed A's rotation once in its peer trail (${followed})`);
    await allProcessed(w.a, w.vnm.auditor, id);
    await equalHistories(a, b, id);
    return [
      `request ${id}: A rotated its key (${before.slice(0, 12)}... -> ${rotated.keyId.slice(0, 12)}...) between two moves`,
      "B met the new kid, read A's key log, accepted the continuation (follow-rotation in its trail) and applied the move",
    ];
  },
};

export const forgedRotation: Scenario = {
  name: 'a forged rotation (signed only by a stolen current key) is refused, with an alert',
  async run(w) {
    const [a, b] = [w.node('A'), w.node('B')];
    check(walked, 'the MLA walk ran first');
    const stolen = currentKey(a);
    const served = (await fetch(`${a.url}/federation/v1/key-log`).then((r) => r.json())) as {
      events: KeyEvent[];
      head: { seq: number; digest: string };
    };
    const verified = await verifyKeyLog(served.events, a.origin);
    check(verified.ok, "A's own key log verifies");
    const thief = generateKeyPairSync('ed25519').privateKey;
    const rotation = await buildRotation(verified.state, {
      current: stolen,
      revealed: { key: publicJwkOf(thief), privateKey: thief },
      nextKid: publicJwkOf(generateKeyPairSync('ed25519').privateKey).kid,
      createdAt: new Date(),
    });
    const digest = eventDigest(bodyOf(rotation));
    const forgedLog = {
      ...served,
      head: { seq: rotation.seq, digest },
      events: [...served.events, { ...rotation, digest }],
    };
    const pinnedBefore = await pinnedHeadOf(b, a.origin);
    const impostor = w.cluster.proxy('B', 'A').addRule({
      fault: { mode: 'respond', status: 200, body: JSON.stringify(forgedLog) },
      match: { method: 'GET', path: '/federation/v1/key-log' },
      label: "a forged key log in A's name",
    });
    const stored = await sentEnvelope(a, walked, 'mla.submit');
    const before = await envelopeRows(b);
    let answer: InboxAnswer;
    try {
      const envelope = await sealEnvelope({ ...withoutSignature(stored), id: randomUUID() }, thief);
      // B reads a peer's key log at most every few seconds: ask until it has read the forged one.
      answer = await until(
        'B to read the forged key log',
        async () => {
          const res = await postToInbox(b, JSON.stringify(envelope), thief);
          return res.body.code === 'UNKNOWN_PEER' ? undefined : res;
        },
        20000,
        500,
      );
    } finally {
      w.cluster.proxy('B', 'A').removeRule(impostor.id);
    }
    const line = refused("an envelope signed by the thief's key", answer, 401, ['KEY_ROTATION_REFUSED']);
    check((await envelopeRows(b)) === before, 'nothing stored on B');
    check(
      JSON.stringify(await pinnedHeadOf(b, a.origin)) === JSON.stringify(pinnedBefore),
      "B's pinned head of A unchanged",
    );
    const alerts = await count(
      b,
      `SELECT count(*)::int AS n FROM federation_alerts WHERE kind = $1 AND peer_origin = $2`,
      ['key-rotation-refused', a.origin],
    );
    check(alerts >= 1, 'an alert on B');
    return [
      `a rotation to a key of the thief's own, signed by A's stolen current key, served in A's name on the link B->A`,
      `${line}; B's pinned head of A stays at seq ${pinnedBefore.seq}; a key-rotation-refused alert on B`,
    ];
  },
};

async function pinnedHeadOf(node: EngineNode, origin: string): Promise<{ seq: number; head: string }> {
  const { rows } = await node.db.query<{ pinned_head: { seq: number; head: string } }>(
    'SELECT pinned_head FROM federation_peers WHERE origin = $1',
    [origin],
  );
  return { seq: rows[0].pinned_head.seq, head: rows[0].pinned_head.head };
}

/** The PROCESSED receipt of the envelope of `type` that `api`'s node sent about `id`. */
async function processedOf(
  api: NodeApi,
  token: string,
  id: string,
  type: string,
): Promise<{ result: string; reason: string | null }> {
  return until(`the PROCESSED receipt of ${type}`, async () => {
    const rows = (await api.expect(200, 'GET', `/v1/requests/${id}/receipts`, token)) as {
      direction: string;
      type: string;
      receipts: { kind: string; result: string; reason: string | null }[];
    }[];
    return rows
      .find((r) => r.direction === 'sent' && r.type === type)
      ?.receipts.find((x) => x.kind === 'PROCESSED');
  });
}

export const withdrawRacingRefuse: Scenario = {
  name: 'withdraw racing refuse: the owner applies one, the other is answered not-applied, histories equal',
  async run(w) {
    const [a, b] = [w.node('A'), w.node('B')];
    const id = await submittedMla(w);
    await w.b.act(w.aut.officer, id, 'acknowledge');
    await bothSee(w, id, 'UNDER_REVIEW');
    await w.b.act(w.aut.approver, id, 'open-consultation', {
      intendedOutcome: 'refuse',
      reasons: 'Likely harm to essential interests',
    });
    await bothSee(w, id, 'CONSULTATION');
    const [refused, withdrawn] = await Promise.all([
      w.b.send('POST', `/v1/requests/${id}/actions/refuse`, w.aut.approver, {
        grounds: ['ESSENTIAL_INTERESTS'],
        reasons: 'Sovereignty',
      }),
      w.a.send('POST', `/v1/requests/${id}/actions/withdraw`, w.vnm.officer, {
        reasons: 'Assistance no longer needed',
      }),
    ]);
    check(refused.status === 200, `B (the owner) refused on its head: 200 (${refused.status})`);
    check(withdrawn.status === 202, `A's withdrawal sent to the owner: 202 (${withdrawn.status})`);
    const processed = await processedOf(w.a, w.vnm.auditor, id, 'mla.withdraw');
    check(
      processed.result === 'not-applied' && /REFUSED/.test(processed.reason ?? ''),
      `the withdrawal answered not-applied naming REFUSED (${JSON.stringify(processed)})`,
    );
    await bothSee(w, id, 'REFUSED');
    const events = await equalHistories(a, b, id);
    check(
      (await count(
        a,
        `SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND action = 'withdraw'`,
        [id],
      )) === 0,
      'no withdrawal in the history',
    );
    return [
      `request ${id}: B refused (200) while A withdrew (202, a move sent to the owner); B answered the withdrawal not-applied: ${processed.reason}`,
      `REFUSED on both nodes, ${events} events equal hash for hash, no withdrawal recorded`,
    ];
  },
};

export const droppedEventFilled: Scenario = {
  name: 'a dropped event filled from the next: the receiver fetches the gap from the owner, the late one is a duplicate',
  async run(w) {
    const [a, b] = [w.node('A'), w.node('B')];
    const id = await submittedMla(w);
    const proxy = w.cluster.proxy('B', 'A');
    // B's envelope of acknowledge does not get through (held on the link); the next one does.
    const hold = proxy.addRule({
      fault: { mode: 'hang' },
      match: {
        method: 'POST',
        path: '/federation/v1/inbox',
        header: { name: 'coop-envelope-type', includes: 'mla.acknowledge' },
      },
      label: 'lose the acknowledgement on the way',
    });
    try {
      await w.b.act(w.aut.officer, id, 'acknowledge');
      await until(
        'the acknowledgement held on the link',
        () => Promise.resolve(proxy.stats().inFlight > 0),
        10000,
        50,
      );
      check((await w.a.status(w.vnm.officer, id)) === 'RECEIVED', 'A has not seen the acknowledgement');
      await w.b.act(w.aut.officer, id, 'request-information', { questions: 'Which time window?' });
      await until(
        'INFO_REQUESTED on A (the gap filled)',
        async () => (await w.a.status(w.vnm.officer, id)) === 'INFO_REQUESTED',
        30000,
      );
    } finally {
      proxy.removeRule(hold.id);
      await proxy.heal();
    }
    const gapFetches = w.cluster
      .proxy('A', 'B')
      .log()
      .filter((r) => r.method === 'GET' && r.target.startsWith(`/federation/v1/cases/${id}/events`));
    check(
      gapFetches.length >= 1 && gapFetches.every((r) => r.status === 200),
      `A fetched the gap from B (${gapFetches.length} GET, ${gapFetches.map((r) => r.status).join(',')})`,
    );
    const dropped = await sentEnvelope(b, id, 'mla.acknowledge');
    await until(
      'the held acknowledgement delivered late',
      async () =>
        (await count(
          b,
          `SELECT count(*)::int AS n FROM federation_envelopes WHERE direction = 'out' AND envelope_id = $1 AND status = 'delivered'`,
          [dropped.id],
        )) === 1,
      30000,
    );
    check(
      (await count(
        a,
        `SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND action = 'acknowledge'`,
        [id],
      )) === 1,
      'one acknowledge on A',
    );
    const events = await equalHistories(a, b, id);
    return [
      `request ${id}: B's acknowledge envelope held on the link B->A; request-information arrived with prev naming it`,
      `A filled the gap with GET /federation/v1/cases/${id.slice(0, 8)}.../events (through A->B), applied both; the late acknowledge: a duplicate, applied once; ${events} events equal`,
    ];
  },
};

export const thirdState: Scenario = {
  name: 'a third State: a disclosure naming a provider in C, a preservation sent on to C (C pinned by A only)',
  async run(w) {
    const [a, b, c] = [w.node('A'), w.node('B'), w.node('C')];
    const bc = [w.cluster.proxy('B', 'C'), w.cluster.proxy('C', 'B')].map((p) => p.stats().requests);
    const first = (await w.a.expect(
      201,
      'POST',
      '/v1/requests',
      w.vnm.officer,
      preservationDraft(w.autPoc.id, ++counter),
    )) as { id: string };
    w.requests.push({ id: first.id, nodes: [a, b] });
    await w.a.act(w.vnm.officer, first.id, 'send');
    await until(
      "RECEIVED at B's 24/7 point",
      async () => (await w.b.status(w.autPoc.officer, first.id)) === 'RECEIVED',
    );
    await w.b.act(w.autPoc.officer, first.id, 'start-preservation', {});
    const disclosed = (await w.b.act(w.autPoc.officer, first.id, 'disclose-traffic-data', {
      providerName: 'Accra Hosting Ltd',
      providerCountry: 'GHA',
      trafficData: 'Relay via 203.0.113.7 at 2026-03-14T02:11Z',
    })) as { caseData: { trafficDisclosures: { id: string }[] } };
    const disclosure = disclosed.caseData.trafficDisclosures[0];
    const onA = await until('the disclosure on A', async () => {
      const r = (await w.a.expect(200, 'GET', `/v1/requests/${first.id}`, w.vnm.officer)) as {
        caseData?: { trafficDisclosures?: { id: string }[] };
      };
      return r.caseData?.trafficDisclosures?.[0];
    });
    check(onA.id === disclosure.id, `A holds the same disclosure, under the same id (${onA.id})`);
    const onwardDraft = preservationDraft(w.gha.id, ++counter);
    const onward = (await w.a.expect(201, 'POST', '/v1/requests', w.vnm.officer, {
      ...onwardDraft,
      followsUpRequestId: first.id,
      details: { ...(onwardDraft.details as object), disclosureId: disclosure.id },
    })) as { id: string };
    w.requests.push({ id: onward.id, nodes: [a, c] });
    await w.a.act(w.vnm.officer, onward.id, 'send');
    await until('RECEIVED on C', async () => (await w.c.status(w.gha.officer, onward.id)) === 'RECEIVED');
    const copy = (await w.c.expect(200, 'GET', `/v1/requests/${onward.id}`, w.gha.officer)) as {
      followsUpRequestId: string | null;
      details: { disclosureId?: string };
    };
    check(
      copy.followsUpRequestId === null && copy.details.disclosureId === disclosure.id,
      "C's copy names the disclosure, not the first request",
    );
    check(
      (await w.c.send('GET', `/v1/requests/${first.id}`, w.gha.officer)).status === 404,
      'C holds nothing of the first request',
    );
    check(
      (await w.b.send('GET', `/v1/requests/${onward.id}`, w.autPoc.officer)).status === 404,
      'B holds nothing of the onward request',
    );
    await w.c.act(w.gha.officer, onward.id, 'start-preservation', {});
    await until('PRESERVING on A', async () => (await w.a.status(w.vnm.officer, onward.id)) === 'PRESERVING');
    const events = await equalHistories(a, c, onward.id);
    await equalHistories(a, b, first.id);
    const after = [w.cluster.proxy('B', 'C'), w.cluster.proxy('C', 'B')].map((p) => p.stats().requests);
    check(after[0] === bc[0] && after[1] === bc[1], `no traffic between B and C (${after.join(', ')})`);
    return [
      `preservation ${first.id.slice(0, 8)}... A->B: B disclosed a provider in GHA (disclosure ${disclosure.id.slice(0, 8)}..., the same id on A)`,
      `preservation ${onward.id.slice(0, 8)}... sent on by A to C: C's copy names the disclosure; C sees nothing of the first, B nothing of the onward one`,
      `C started preserving; ${events} events equal on A and C; no request between B and C`,
    ];
  },
};

/** The scenarios in the order they run (each one's needs are in the code it calls). */
export const SCENARIOS: Scenario[] = [
  mlaWalk,
  answerLost,
  sameIdOtherBody,
  inboxRefusals,
  partitionLongerThanPeriod,
  keyRotationMidTraffic,
  forgedRotation,
  withdrawRacingRefuse,
  droppedEventFilled,
  thirdState,
  crashBetweenStoreAndApply,
];
