import type { KeyObject } from 'node:crypto';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { keyObjectOf, type PublicJwk } from '../jwk';
import { type SignatureCheck, verifyMessage } from './http-signature';

type Headers = Record<string, string | string[] | undefined>;

/** A request header by its lower-case name, repeated ones joined with ", "; undefined when absent. */
export function headerReader(headers: Headers): (name: string) => string | undefined {
  return (name) => {
    const v = headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  };
}

/** A request to this node signed by a peer (RFC 9421), and the keys accepted for each peer. */
export interface PeerSignedRequest {
  method: 'GET' | 'POST';
  /** This node's origin and the path (with query) requested: the signature base covers it. */
  targetUri: string;
  body: Uint8Array | string;
  header: (name: string) => string | undefined;
  peers: FederationPeer[];
  keysOf: (peer: FederationPeer) => PublicJwk[];
  now: Date;
  skewS: number;
}

/**
 * Verifies the request's signature (verifyMessage) with the key of `peers` that its keyid names; `sender` is
 * that key's peer (also when the signature then fails), undefined when no peer's accepted keys name it.
 */
export function verifyPeerSignature(r: PeerSignedRequest): {
  result: SignatureCheck;
  sender: FederationPeer | undefined;
} {
  let sender: FederationPeer | undefined;
  const keyOf = (kid: string): KeyObject | null => {
    for (const p of r.peers) {
      const key = r.keysOf(p).find((k) => k.kid === kid);
      if (key) {
        sender = p;
        return keyObjectOf(key);
      }
    }
    return null;
  };
  const result = verifyMessage({
    message: {
      method: r.method,
      targetUri: r.targetUri,
      contentType: r.header('content-type') ?? '',
      contentDigest: r.header('content-digest') ?? '',
    },
    body: r.body,
    signatureInput: r.header('signature-input'),
    signature: r.header('signature'),
    keyOf,
    now: r.now,
    skewS: r.skewS,
  });
  return { result, sender };
}
