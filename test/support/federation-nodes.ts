import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { ENVELOPE_MEDIA_TYPE } from '@/modules/federation/envelope/envelope';
import { contentDigest, signMessage } from '@/modules/federation/envelope/http-signature';
import { publicJwkOf } from '@/modules/federation/jwk';
import { readKeyFile } from '@/modules/federation/key-files';
import { Api, apiFor } from './api';
import { startTestApp, type TestApp } from './test-app';

/** Two or more real nodes in one jest process: each a test app with its own database, queue prefix and keys. */
export interface FederationNode {
  t: TestApp;
  origin: string;
  admin: Api;
  /** A second admin, for the four-eyes confirmation of a peer. */
  admin2: Api;
  keyPath: string;
}

/** A port free now on 127.0.0.1, so that a node knows its origin (NODE_ORIGIN) before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a node named `name` of `country`, its key files under `dir/name`; `env` adds to its settings. */
export async function startNode(
  dir: string,
  name: string,
  country: string,
  env: Record<string, string> = {},
): Promise<FederationNode> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const keyPath = join(dir, name, 'federation-key.pem');
  const t = await startTestApp({
    port,
    workers: true,
    env: {
      NODE_ORIGIN: origin,
      NODE_COUNTRY: country,
      FEDERATION_ALLOW_HTTP: 'true',
      FEDERATION_KEY_PATH: keyPath,
      FEDERATION_NEXT_KEY_PATH: join(dir, name, 'federation-next-key.pem'),
      ...env,
    },
  });
  const second = await t.app.get(AuthoritiesService).createAdmin(`Second admin of ${name}`);
  return { t, origin, admin: apiFor(t, t.adminToken), admin2: apiFor(t, second.token), keyPath };
}

interface AuthorityBody {
  code: string;
  name: string;
  country: string;
  kind: string;
  languages: string[];
}

/** The central authority each test country's node holds. */
export const CENTRAL_AUTHORITY = {
  VNM: {
    code: 'VNM-MPS-CA',
    name: 'Ministry of Public Security',
    country: 'VNM',
    kind: 'central',
    languages: ['vi', 'en'],
  },
  AUT: {
    code: 'AUT-BMJ-CA',
    name: 'Federal Ministry of Justice',
    country: 'AUT',
    kind: 'central',
    languages: ['de', 'en'],
  },
  DEU: {
    code: 'DEU-BFJ-CA',
    name: 'Federal Office of Justice',
    country: 'DEU',
    kind: 'central',
    languages: ['de', 'en'],
  },
} satisfies Record<string, AuthorityBody>;

/** Creates a local authority on `node`; returns its id. */
export async function authority(node: FederationNode, body: AuthorityBody): Promise<string> {
  const res = await node.admin.post('/v1/authorities', body);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** A user of `authorityId` on `node` with `roles`. */
export async function user(node: FederationNode, authorityId: string, roles: string[]): Promise<Api> {
  const res = await node.admin.post(`/v1/authorities/${authorityId}/users`, { name: roles.join('+'), roles });
  expect(res.status).toBe(201);
  return apiFor(node.t, res.body.token as string);
}

/** `from` pins `to` with four eyes: one admin adds it, the second confirms the fingerprint. Returns the peer id. */
export async function pin(from: FederationNode, to: FederationNode): Promise<string> {
  const added = await from.admin.post('/v1/federation/peers', { origin: to.origin });
  expect(added.status).toBe(201);
  const confirmed = await from.admin2.post(`/v1/federation/peers/${added.body.id}/confirm`, {
    fingerprint: added.body.fingerprint,
  });
  expect(confirmed.status).toBe(200);
  return added.body.id as string;
}

/** `x` and `y` pin each other; returns [y's peer id on x, x's peer id on y]. */
export async function pinBoth(x: FederationNode, y: FederationNode): Promise<[string, string]> {
  const yOnX = await pin(x, y);
  const xOnY = await pin(y, x);
  return [yOnX, xOnY];
}

/** A fresh directory for the key files of a spec's nodes. */
export function nodesDir(spec: string): string {
  return mkdtempSync(join(tmpdir(), `coop-federation-${spec}-`));
}

/** Closes the nodes that were started and removes their directory. */
export async function closeNodes(dir: string | undefined, ...nodes: (FederationNode | undefined)[]) {
  // At once: each close is bounded on its own, and one node's peers are not left waiting on the other's.
  await Promise.all(nodes.map(async (node) => node?.t.close()));
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Nodes A (VNM) and B (AUT), each with its central authority, pinned both ways. */
export interface NodePair {
  dir: string;
  a: FederationNode;
  b: FederationNode;
  aCentral: string;
  bCentral: string;
  bPeerOnA: string;
  aPeerOnB: string;
}

/** Starts A and B in a fresh directory, `env` added to both; on a failure closes what it started. */
export async function pinnedPair(spec: string, env: Record<string, string> = {}): Promise<NodePair> {
  const dir = nodesDir(spec);
  let a: FederationNode | undefined;
  let b: FederationNode | undefined;
  try {
    a = await startNode(dir, 'a', 'VNM', env);
    b = await startNode(dir, 'b', 'AUT', env);
    const aCentral = await authority(a, CENTRAL_AUTHORITY.VNM);
    const bCentral = await authority(b, CENTRAL_AUTHORITY.AUT);
    const [bPeerOnA, aPeerOnB] = await pinBoth(a, b);
    return { dir, a, b, aCentral, bCentral, bPeerOnA, aPeerOnB };
  } catch (err) {
    await closeNodes(dir, a, b);
    throw err;
  }
}

/** Polls `probe` every 100 ms until it gives a truthy value (returned), or fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 20000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The request's status as `api` sees it, or undefined when it cannot see it (yet). */
export async function statusOn(api: Api, id: string): Promise<string | undefined> {
  const res = await api.get(`/v1/requests/${id}`);
  return res.status === 200 ? (res.body.status as string) : undefined;
}

/** The request's audit events on `node`, every hashed column, in order: equal on two nodes means hash for hash. */
export async function history(node: FederationNode, id: string) {
  return (
    await node.t.db.query(
      `SELECT seq, action, from_status, to_status, actor_type, actor_user_id, actor_authority_id, payload,
              occurred_at, prev_hash, hash FROM audit_events WHERE request_id = $1 ORDER BY seq`,
      [id],
    )
  ).rows;
}

/** POSTs raw bytes to a node's inbox, signed for the hop by `keyPath`'s key (RFC 9421), as a peer would. */
export async function postEnvelope(
  to: FederationNode,
  text: string,
  keyPath: string,
  tamper: (headers: Record<string, string>) => void = () => undefined,
) {
  const key = readKeyFile(keyPath)!;
  const url = `${to.origin}/federation/v1/inbox`;
  const digest = contentDigest(text);
  const headers: Record<string, string> = {
    'content-type': ENVELOPE_MEDIA_TYPE,
    'content-digest': digest,
    ...signMessage(
      { method: 'POST', targetUri: url, contentType: ENVELOPE_MEDIA_TYPE, contentDigest: digest },
      key,
      publicJwkOf(key).kid,
    ),
  };
  tamper(headers);
  const res = await fetch(url, { method: 'POST', body: text, headers });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
