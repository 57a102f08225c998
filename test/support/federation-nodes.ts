import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

async function freePort(): Promise<number> {
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

/** Creates a local authority on `node`; returns its id. */
export async function authority(
  node: FederationNode,
  body: { code: string; name: string; country: string; kind: string; languages: string[] },
): Promise<string> {
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
