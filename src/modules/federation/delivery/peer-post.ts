import { peerFetch } from '../dial';
import type { FederationPeer } from '../entities/federation-peer.entity';
import {
  ENVELOPE_MEDIA_TYPE,
  type SignedEnvelope,
  type SignedReceipt,
  verifyReceipt,
} from '../envelope/envelope';
import { detachedKid } from '../detached-jws';
import { contentDigest, signMessage } from '../envelope/http-signature';
import type { PublicJwk } from '../jwk';
import type { NodeIdentityService } from '../node-identity.service';

const SEND_TIMEOUT_MS = 10000;

/** What the peer's inbox answered: its HTTP status and its receipt, verified against the pinned keys. */
export interface PostAnswer {
  status: number;
  receipt: SignedReceipt | null;
  verified: boolean;
}

/**
 * POSTs one envelope to a pinned peer's inbox with an RFC 9421 signature of this node (through the dial, so
 * FEDERATION_CONNECT_TO applies). Throws only when nothing was answered (refused, reset, timed out).
 * `keysFor` gives the peer's keys for the receipt's kid (PeerKeysService: a rotation is followed).
 */
export async function postEnvelope(
  identity: NodeIdentityService,
  peer: FederationPeer,
  envelope: SignedEnvelope,
  keysFor: (peer: FederationPeer, kid: string | null) => Promise<PublicJwk[]>,
): Promise<PostAnswer> {
  const { current, state } = await identity.identity();
  const text = JSON.stringify(envelope);
  const url = peer.document.endpoints.inbox;
  const digest = contentDigest(text);
  const signed = signMessage(
    { method: 'POST', targetUri: url, contentType: ENVELOPE_MEDIA_TYPE, contentDigest: digest },
    current,
    state.currentKey.kid,
  );
  const res = await peerFetch(url, {
    method: 'POST',
    body: text,
    redirect: 'manual',
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    // `coop-envelope-type`: an unsigned hint for the path (the fault proxy's rules match headers, so a test can
    // aim at `mla.submit` and spare heartbeats); receivers read the type from the signed envelope only.
    headers: {
      'content-type': ENVELOPE_MEDIA_TYPE,
      'content-digest': digest,
      'coop-envelope-type': envelope.type,
      ...signed,
    },
  });
  const answer = (await res.json().catch(() => null)) as {
    receipt?: SignedReceipt;
    details?: { receipt?: SignedReceipt };
  } | null;
  const receipt = answer?.receipt ?? answer?.details?.receipt ?? null;
  const verified = receipt
    ? await keysFor(peer, detachedKid(receipt.signature))
        .then((keys) => verifyReceipt(receipt, keys))
        .catch(() => false)
    : false;
  return { status: res.status, receipt, verified };
}
