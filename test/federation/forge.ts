import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import {
  ENVELOPE_MEDIA_TYPE,
  type EnvelopeBody,
  type SignedEnvelope,
  signEnvelope,
  withoutSignature,
} from '@/modules/federation/envelope/envelope';
import { contentDigest, signMessage } from '@/modules/federation/envelope/http-signature';
import { publicJwkOf } from '@/modules/federation/jwk';
import { readKeyFile } from '@/modules/federation/key-files';
import type { EngineNode } from '../../tools/harness/nodes';

/*
 * What an attacker (or a confused peer) sends: envelopes and hop signatures made by hand with a node's key
 * files (read from its folder), posted straight to a node's inbox.
 */

export interface InboxAnswer {
  status: number;
  body: Record<string, any>;
}

/** The node's current signing key, as its key file holds it. */
export function currentKey(node: EngineNode): KeyObject {
  const key = readKeyFile(node.env.FEDERATION_KEY_PATH ?? join(node.dir, 'federation-key.pem'));
  if (!key) {
    throw new Error(`node ${node.name}: no key file`);
  }
  return key;
}

export function kidOf(key: KeyObject): string {
  return publicJwkOf(key).kid;
}

/** Signs `body` as an envelope with `key` (the signer need not be the `from` node: that is the point). */
export function sealEnvelope(body: EnvelopeBody, key: KeyObject): Promise<SignedEnvelope> {
  return signEnvelope(body, key, kidOf(key));
}

export { withoutSignature };

export interface HopOptions {
  /** The hop signature's `created` (default now). */
  at?: Date;
  /** The URI signed (default the receiver's inbox as its origin names it). */
  targetUri?: string;
  /** Change the headers after signing (a tampered digest, a forged signature). */
  tamper?: (headers: Record<string, string>) => void;
  /** The bytes sent, if other than the signed text (a tampered body). */
  sentBody?: string;
}

/** POSTs `text` to `to`'s inbox (directly, no proxy), the hop signed by `key` as RFC 9421 says. */
export async function postToInbox(
  to: EngineNode,
  text: string,
  key: KeyObject,
  options: HopOptions = {},
): Promise<InboxAnswer> {
  const targetUri = options.targetUri ?? `${to.origin}/federation/v1/inbox`;
  const digest = contentDigest(text);
  const headers: Record<string, string> = {
    'content-type': ENVELOPE_MEDIA_TYPE,
    'content-digest': digest,
    ...signMessage(
      { method: 'POST', targetUri, contentType: ENVELOPE_MEDIA_TYPE, contentDigest: digest },
      key,
      kidOf(key),
      options.at ?? new Date(),
    ),
  };
  options.tamper?.(headers);
  const res = await fetch(`${to.url}/federation/v1/inbox`, {
    method: 'POST',
    body: options.sentBody ?? text,
    headers,
  });
  const raw = await res.text();
  let body: Record<string, any>;
  try {
    body = JSON.parse(raw) as Record<string, any>;
  } catch {
    body = { raw };
  }
  return { status: res.status, body };
}

/** The signed rejection receipt of a refused POST (in `details.receipt`), or undefined. */
export function rejectionOf(
  answer: InboxAnswer,
): { kind: string; code: string; signature: string } | undefined {
  const receipt = (
    answer.body.details as { receipt?: { kind: string; code: string; signature: string } } | undefined
  )?.receipt;
  return receipt;
}
