import { Inject, Injectable } from '@nestjs/common';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { DomainError, type ErrorKind } from '@/common/errors/domain-error';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { FederationDisabledError } from '../federation.errors';
import { NodeIdentityService } from '../node-identity.service';
import { PeersRepository } from '../peers.repository';
import type { SignedReceipt } from '../envelope/envelope';
import { EnvelopeWriter } from '../envelope/envelope-writer.service';
import { hopKeys } from '../peer-keys';
import { headerReader, verifyPeerSignature } from '../envelope/peer-signature';
import { blobPath, SHA256_HEX } from './blob-signature';
import { BlobStore, type HeldBlob } from './blob-store';
import { blobEtag, type ByteRange, byteRange } from './byte-range';

/** A refused blob request, with the signed rejection receipt in `details.receipt` (like the inbox's). */
export class BlobRefusedError extends DomainError {
  constructor(code: string, kind: ErrorKind, message: string, receipt: unknown) {
    super(code, kind, message, { receipt });
  }
}

/** What to answer a pinned peer's GET of a document it may have. */
export interface BlobAnswer {
  sha256: string;
  blob: HeldBlob;
  range: ByteRange;
  headers: Record<string, string>;
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * GET /federation/v1/blobs/sha256/:hex: a document answered to the node of a party of a sent request that
 * holds it, on an RFC 9421 signature by a pinned peer's key. Any other caller gets a signed, coded rejection
 * that says nothing of the document (an unknown digest and a document of someone else's request answer
 * alike: 404 NOT_FOUND).
 */
@Injectable()
export class BlobServer {
  constructor(
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    private readonly identity: NodeIdentityService,
    private readonly peers: PeersRepository,
    private readonly writer: EnvelopeWriter,
    private readonly store: BlobStore,
  ) {}

  /** A signed rejection: a REJECTED receipt about no envelope. */
  rejection(code: string, reason: string): Promise<SignedReceipt> {
    return this.writer.rejection(code, reason);
  }

  private async refuse(code: string, kind: ErrorKind, reason: string): Promise<never> {
    throw new BlobRefusedError(code, kind, reason, await this.writer.rejection(code, reason));
  }

  async answer(hex: string, headers: Headers): Promise<BlobAnswer> {
    if (!this.identity.enabled) {
      throw new FederationDisabledError();
    }
    if (!SHA256_HEX.test(hex)) {
      return this.refuse(
        'VALIDATION_FAILED',
        'invalid',
        'hex must be a SHA-256 digest: 64 lowercase hex digits',
      );
    }
    const header = headerReader(headers);
    const pinned = (await this.peers.list()).filter((p) => p.status === 'PINNED');
    const now = new Date();
    const { result: check, sender } = verifyPeerSignature({
      method: 'GET',
      targetUri: `${this.identity.origin}${blobPath(hex)}`,
      body: '',
      header,
      peers: pinned,
      // As for the inbox: a peer's current key, or one retired within the clock skew (a rotation in flight);
      // a key retired long ago (perhaps stolen since) reads nothing.
      keysOf: (p) => hopKeys(p, now, this.config.clockSkewS),
      now,
      skewS: this.config.clockSkewS,
    });
    if (!check.ok) {
      return this.refuse(check.code, 'unauthenticated', check.reason);
    }
    const blob = await this.store.heldFor(hex, (sender as FederationPeer).origin);
    if (!blob) {
      return this.refuse('NOT_FOUND', 'not-found', 'no document with this digest for this node');
    }
    const etag = blobEtag(hex);
    // If-Range with another validator: the document changed (it cannot: the digest names it), send it whole.
    const ifRange = header('if-range');
    const range =
      ifRange !== undefined && ifRange !== etag
        ? { kind: 'whole' as const }
        : byteRange(header('range'), blob.size);
    return {
      sha256: hex,
      blob,
      range,
      headers: {
        etag,
        'accept-ranges': 'bytes',
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    };
  }

  /** The document's bytes for the range answered, streamed from the database chunk by chunk. */
  bytes(a: BlobAnswer): AsyncGenerator<Buffer> {
    const { start, end } = a.range.kind === 'part' ? a.range : { start: 0, end: a.blob.size - 1 };
    return this.store.read(a.sha256, start, end);
  }
}
