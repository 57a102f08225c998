import { existsSync } from 'node:fs';
import {
  type Authority,
  type LedgerRequest,
  NodeApi,
  pin,
  seedAuthority,
} from '../../tools/harness/federation';
import { type EngineNode, type EngineNodes, startNodes } from '../../tools/harness/nodes';
import { PrivatePostgres } from '../../tools/harness/private-postgres';
import { startRedisServer } from '../../tools/harness/redis-server';

/*
 * The three States of `npm run test:federation`: A (Viet Nam), B (Austria) and C (Ghana), each its own
 * process of dist/main.js with its own database and queue prefix, on 127.0.0.2, .3 and .4, a fault proxy on
 * each of the six directed links (FEDERATION_CONNECT_TO sends each node's connection to a peer through the
 * proxy of that link), in fast mode. A and B pin each other; A and C pin each other; B and C do not know
 * each other (C is pinned by A only).
 */

/** The federation's fast mode: seconds instead of minutes and hours. */
export const FAST_FEDERATION_ENV: Record<string, string> = {
  FEDERATION_RETRY_BASE_MS: '200',
  FEDERATION_RETRY_MAX_MS: '1500',
  FEDERATION_RETRY_ATTEMPTS: '60',
  FEDERATION_BREAKER_FAILURES: '5',
  FEDERATION_HEARTBEAT_S: '2',
  FEDERATION_DELIVERY_PERIOD_URGENT_S: '4',
  FEDERATION_DELIVERY_PERIOD_ROUTINE_S: '6',
};

export interface Servers {
  /** The PostgreSQL the nodes' databases are on; restartable when it is ours. */
  pgAdminUrl: string | undefined;
  pg: PrivatePostgres | undefined;
  redis: { url: string; flushAll(): Promise<void>; stop(): Promise<void> } | undefined;
  describe: string;
}

/**
 * A PostgreSQL and a Redis of the run's own when this machine has their binaries (so that the crash scenario
 * can restart one and flush the other without touching anyone else's), else the servers the rest of the
 * tests use: TEST_PG_ADMIN_URL or the embedded PostgreSQL, queues on PostgreSQL.
 */
export async function startServers(log: (line: string) => void): Promise<Servers> {
  let pg: PrivatePostgres | undefined;
  if (existsSync('/usr/lib/postgresql') && process.env.FEDERATION_TEST_SHARED_PG !== 'true') {
    try {
      pg = await new PrivatePostgres().start();
    } catch (err) {
      log(`no private PostgreSQL (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
      pg = undefined;
    }
  }
  let redis: Servers['redis'];
  try {
    redis = await startRedisServer();
  } catch {
    redis = undefined;
  }
  const pgAdminUrl = pg?.url ?? process.env.TEST_PG_ADMIN_URL;
  const describe =
    `PostgreSQL: ${pg ? `private, port ${pg.port} (restartable)` : pgAdminUrl ? 'TEST_PG_ADMIN_URL' : 'embedded'}; ` +
    `queues: ${redis ? `private redis-server ${redis.url}` : 'on PostgreSQL'}`;
  return { pgAdminUrl, pg, redis, describe };
}

export interface World {
  cluster: EngineNodes;
  servers: Servers;
  a: NodeApi;
  b: NodeApi;
  c: NodeApi;
  /** Viet Nam's central authority, on A. */
  vnm: Authority;
  /** Austria's central authority and 24/7 point of contact, on B. */
  aut: Authority;
  autPoc: Authority;
  /** Ghana's central authority, on C. */
  gha: Authority;
  /** Every cross-node request the scenarios made, for the closing ledger. */
  requests: LedgerRequest[];
  /** Envelope ids that may stay pending at the end (none unless a scenario says why). */
  allowPending: Set<string>;
  node(name: 'A' | 'B' | 'C'): EngineNode;
  log(line: string): void;
}

export async function startWorld(
  servers: Servers,
  log: (line: string) => void,
  keepFiles: boolean,
): Promise<World> {
  const names = ['A', 'B', 'C'];
  const cluster = await startNodes({
    nodes: [
      { name: 'A', country: 'VNM' },
      { name: 'B', country: 'AUT' },
      { name: 'C', country: 'GHA' },
    ],
    links: names.flatMap((from) => names.filter((to) => to !== from).map((to) => [from, to] as const)),
    addressing: { connectToEnv: 'FEDERATION_CONNECT_TO' },
    extraEnv: { ...FAST_FEDERATION_ENV, LOG_LEVEL: 'warn' },
    pgAdminUrl: servers.pgAdminUrl,
    redisUrl: servers.redis?.url,
    keepFiles,
    log,
  });
  try {
    const a = new NodeApi(cluster.node('A'));
    const b = new NodeApi(cluster.node('B'));
    const c = new NodeApi(cluster.node('C'));
    const vnm = await seedAuthority(a, {
      code: 'VNM-MPS-CA',
      name: 'Ministry of Public Security of Viet Nam, central authority',
      country: 'VNM',
      kind: 'central',
      languages: ['vi', 'en'],
    });
    const aut = await seedAuthority(b, {
      code: 'AUT-BMJ-CA',
      name: 'Federal Ministry of Justice of Austria, central authority',
      country: 'AUT',
      kind: 'central',
      languages: ['de', 'en'],
    });
    const autPoc = await seedAuthority(b, {
      code: 'AUT-BK-247',
      name: 'Federal Criminal Police Office of Austria, 24/7 point of contact',
      country: 'AUT',
      kind: 'contact-24-7',
      languages: ['de', 'en'],
    });
    const gha = await seedAuthority(c, {
      code: 'GHA-OAG-CA',
      name: 'Office of the Attorney-General of Ghana, central authority',
      country: 'GHA',
      kind: 'central',
      languages: ['en'],
    });
    // Authorities first: a peer's directory is read when it is pinned.
    await pin(a, b);
    await pin(b, a);
    await pin(a, c);
    await pin(c, a);
    return {
      cluster,
      servers,
      a,
      b,
      c,
      vnm,
      aut,
      autPoc,
      gha,
      requests: [],
      allowPending: new Set(),
      node: (name) => cluster.node(name),
      log,
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
