import { join } from 'node:path';
import { mlaDraft } from '../../tools/samples/drafts';
import { type Authority, NodeApi, seedAuthority } from '../../tools/harness/federation';
import { type EngineNodes, startNodes } from '../../tools/harness/nodes';

/*
 * The engine the console test drives: one process of the built engine (dist/main.js) with its own database
 * (on TEST_PG_ADMIN_URL's server, else the embedded PostgreSQL) and its queues on PostgreSQL, serving the
 * built console from CONSOLE_DIR. Two States on it, Viet Nam (requesting) and Austria (requested), each with
 * an officer, an approver and an auditor; the operator admin is the node's ADMIN_TOKEN.
 */

export interface ConsoleWorld {
  cluster: EngineNodes;
  api: NodeApi;
  /** The engine's address; the console is at `${url}/console/`. */
  url: string;
  adminToken: string;
  vnm: Authority;
  aut: Authority;
  /** VNM -> AUT, delivered: in AUT's inbox, RECEIVED. */
  received: string;
  /** VNM -> AUT, another delivered one, for the journey that answers it. */
  toAnswer: string;
  /** VNM's draft (the "Drafts" card). */
  draft: string;
  /** New requests made along the way, by number (distinct subjects). */
  next(): number;
}

let counter = 0;

export async function startConsoleWorld(
  consoleDir: string,
  log: (line: string) => void,
): Promise<ConsoleWorld> {
  const cluster = await startNodes({
    nodes: [{ name: 'C', country: 'VNM' }],
    extraEnv: { CONSOLE_DIR: consoleDir, LOG_LEVEL: 'warn' },
    log,
  });
  try {
    const node = cluster.node('C');
    const api = new NodeApi(node);
    const vnm = await seedAuthority(api, {
      code: 'VNM-MPS-CA',
      name: 'Ministry of Public Security of Viet Nam',
      country: 'VNM',
      kind: 'central',
      languages: ['vi', 'en'],
    });
    const aut = await seedAuthority(api, {
      code: 'AUT-BMJ-CA',
      name: 'Federal Ministry of Justice of Austria',
      country: 'AUT',
      kind: 'central',
      languages: ['de', 'en'],
    });
    const submitted = async (): Promise<string> => {
      const { id } = (await api.expect(
        201,
        'POST',
        '/v1/requests',
        vnm.officer,
        mlaDraft(aut.id, ++counter),
      )) as {
        id: string;
      };
      await api.act(vnm.officer, id, 'submit');
      return id;
    };
    const received = await submitted();
    const toAnswer = await submitted();
    const { id: draft } = (await api.expect(
      201,
      'POST',
      '/v1/requests',
      vnm.officer,
      mlaDraft(aut.id, ++counter),
    )) as { id: string };
    // Delivery is the queue's: wait until Austria sees both as RECEIVED.
    for (const id of [received, toAnswer]) {
      const until = Date.now() + 30000;
      while ((await api.status(aut.officer, id)) !== 'RECEIVED') {
        if (Date.now() > until) {
          throw new Error(`request ${id} was not delivered to AUT within 30 s`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return {
      cluster,
      api,
      url: node.url,
      adminToken: node.adminToken,
      vnm,
      aut,
      received,
      toAnswer,
      draft,
      next: () => ++counter,
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** The checkout's console build (npm run build:console), unless CONSOLE_DIR names another. */
export function consoleDir(root: string): string {
  return process.env.CONSOLE_DIR ?? join(root, 'console', 'dist');
}
