import { join } from 'node:path';
import { contactDraft, mlaDraft } from '../../tools/samples/drafts';
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
  /** A second, stored operator admin of the same node: pinning a peer needs two different admins. */
  secondAdminToken: string;
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
  /**
   * Austria's 24/7 point of contact (UNCC art. 41), seeded on first use (the world starts without it, as
   * fast as before); every check that needs it shares this one.
   */
  aut247(): Promise<Authority>;
  /** A VNM ticket to Austria's 24/7 point of contact, opened and delivered (RECEIVED); made on first use. */
  ticket247(): Promise<string>;
  /** Another such ticket, new at each call (for a journey that moves it on). */
  newTicket247(): Promise<string>;
  /**
   * Runs `use` with a second engine node (Ghana's, no authority) started for it alone and stopped after, so
   * that the world starts as fast as before: the peer the admin journey pins.
   */
  withPeerNode<T>(use: (peer: PeerNode) => Promise<T>): Promise<T>;
}

export interface PeerNode {
  /** NODE_ORIGIN, what an admin types in "Add peer". */
  origin: string;
  /** The fingerprint it publishes (GET /federation/v1/key-log), as received through an official channel. */
  fingerprint: string;
}

/** The peer node: the next loopback address after the console's node, its own database and keys. */
async function withPeerNode<T>(log: (line: string) => void, use: (peer: PeerNode) => Promise<T>): Promise<T> {
  const peer = await startNodes({
    nodes: [{ name: 'P', country: 'GHA' }],
    hosts: ['127.0.0.3'],
    extraEnv: { LOG_LEVEL: 'warn' },
    log,
  });
  const api = new NodeApi(peer.node('P'));
  try {
    const { fingerprint } = (await api.expect(200, 'GET', '/federation/v1/key-log', null)) as {
      fingerprint: string;
    };
    return await use({ origin: peer.node('P').origin, fingerprint });
  } finally {
    api.close();
    await peer.stop();
  }
}

let counter = 0;

export async function startConsoleWorld(
  consoleDir: string,
  log: (line: string) => void,
): Promise<ConsoleWorld> {
  const cluster = await startNodes({
    nodes: [{ name: 'C', country: 'VNM' }],
    // Private networks: the admin journey's webhook receiver listens on loopback.
    // No periodic checkpoint (every 5 min by default): the auditor's journey makes its own and expects it new.
    extraEnv: {
      CONSOLE_DIR: consoleDir,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      AUDIT_CHECKPOINT_INTERVAL_MS: '0',
    },
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
    /** Waits until Austria's `token` sees `id` as RECEIVED: delivery is the queue's. */
    const delivered = async (token: string, id: string): Promise<void> => {
      const until = Date.now() + 30000;
      while ((await api.status(token, id)) !== 'RECEIVED') {
        if (Date.now() > until) {
          throw new Error(`request ${id} was not delivered to AUT within 30 s`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    let aut247: Promise<Authority> | undefined;
    const contactPoint = (): Promise<Authority> =>
      (aut247 ??= seedAuthority(api, {
        code: 'AUT-BK-247',
        name: 'Federal Criminal Police Office of Austria (24/7)',
        country: 'AUT',
        kind: 'contact-24-7',
        languages: ['de', 'en'],
      }));
    const newTicket247 = async (): Promise<string> => {
      const poc = await contactPoint();
      // Any authority of the requesting State may open a ticket (art. 41): here VNM's central authority.
      const { id } = (await api.expect(
        201,
        'POST',
        '/v1/requests',
        vnm.officer,
        contactDraft(poc.id, ++counter),
      )) as { id: string };
      await api.act(vnm.officer, id, 'open');
      await delivered(poc.officer, id);
      return id;
    };
    let ticket: Promise<string> | undefined;
    const ticket247 = (): Promise<string> => (ticket ??= newTicket247());
    const received = await submitted();
    const toAnswer = await submitted();
    const { id: draft } = (await api.expect(
      201,
      'POST',
      '/v1/requests',
      vnm.officer,
      mlaDraft(aut.id, ++counter),
    )) as { id: string };
    for (const id of [received, toAnswer]) {
      await delivered(aut.officer, id);
    }
    return {
      cluster,
      api,
      url: node.url,
      adminToken: node.adminToken,
      secondAdminToken: node.secondAdminToken,
      vnm,
      aut,
      received,
      toAnswer,
      draft,
      next: () => ++counter,
      aut247: contactPoint,
      ticket247,
      newTicket247,
      withPeerNode: (use) => withPeerNode(log, use),
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
