import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { type OutboxDraft, PRIORITY_BY_URGENCY } from '@/workflows';
import { detachedKid } from '../detached-jws';
import type { FederationPeer } from '../entities/federation-peer.entity';
import type { PublicJwk } from '../jwk';
import { NodeIdentityService } from '../node-identity.service';
import {
  AGREEMENT,
  ENVELOPE_VERSION,
  type EnvelopeBody,
  envelopeDigest,
  type ReceiptBody,
  type SignedEnvelope,
  type SignedReceipt,
  signEnvelope,
  signReceipt,
} from './envelope';
import { EnvelopesRepository, type ReceiptRow } from './envelopes.repository';
import { FEDERATION_QUEUE, FederationJob } from './federation.constants';

/** What a caller names of a new envelope; the writer adds version, id, stream position, time and agreement. */
export type EnvelopeDraft = Omit<
  EnvelopeBody,
  'v' | 'id' | 'streamSeq' | 'createdAt' | 'attachments' | 'agreement'
> &
  Partial<Pick<EnvelopeBody, 'attachments'>>;

/** The keys a peer's pinned key log names (revoked ones left out). */
export function peerKeys(peer: FederationPeer): PublicJwk[] {
  const state = peer.pinnedHead ?? peer.keyState;
  return state.keys.filter((k) => k.revokedSince === null).map((k) => k.jwk);
}

/** A signed receipt as a receipts-table row. */
export function receiptRowOf(r: SignedReceipt): ReceiptRow {
  return {
    kind: r.kind,
    result: r.result,
    code: r.code,
    reason: r.reason,
    at: new Date(r.at),
    signerKid: detachedKid(r.signature),
    signature: r.signature,
    receipt: r as unknown as Record<string, unknown>,
  };
}

/** A PROCESSED receipt (the receiver's own envelope) as a receipts-table row. */
export function processedRowOf(receipt: SignedEnvelope, result: string, reason: string | null): ReceiptRow {
  return {
    kind: 'PROCESSED',
    result,
    code: null,
    reason,
    at: new Date(receipt.createdAt),
    signerKid: detachedKid(receipt.signature),
    signature: receipt.signature,
    receipt: receipt as unknown as Record<string, unknown>,
  };
}

/** Signs and stores this node's envelopes and receipts, and names the job that sends an envelope. */
@Injectable()
export class EnvelopeWriter {
  constructor(
    private readonly identity: NodeIdentityService,
    private readonly envelopes: EnvelopesRepository,
  ) {}

  /** The outbox row of the job that POSTs a stored envelope to its peer. */
  sendDraft(envelopeRowId: string, urgency?: string): OutboxDraft {
    return {
      queue: FEDERATION_QUEUE,
      jobName: FederationJob.Send,
      runAt: new Date(),
      priority: PRIORITY_BY_URGENCY[urgency ?? 'normal'] ?? PRIORITY_BY_URGENCY.normal,
      kind: 'envelope',
      params: { envelopeRowId },
    };
  }

  /** Signs and stores an outgoing envelope (its stream position drawn under the stream's lock); its row id. */
  async write(
    manager: EntityManager,
    peer: string,
    e: EnvelopeDraft,
  ): Promise<{ rowId: string; envelope: SignedEnvelope }> {
    const { current, state } = await this.identity.identity();
    const body: EnvelopeBody = {
      v: ENVELOPE_VERSION,
      id: randomUUID(),
      ...e,
      streamSeq: await this.envelopes.nextStreamSeq(manager, 'out', peer),
      createdAt: new Date().toISOString(),
      attachments: e.attachments ?? [],
      agreement: AGREEMENT,
    };
    const envelope = await signEnvelope(body, current, state.currentKey.kid);
    const rowId = await this.envelopes.insert(manager, {
      direction: 'out',
      peerOrigin: peer,
      envelopeId: body.id,
      requestId: body.case.id,
      type: body.type,
      streamSeq: body.streamSeq,
      digest: envelopeDigest(body),
      envelope,
      status: 'pending',
    });
    if (!rowId) {
      throw new Error(`envelope ${body.id} stored twice`);
    }
    return { rowId, envelope };
  }

  /** A receipt signed by this node now (or at `at`). */
  async receipt(body: Omit<ReceiptBody, 'v' | 'node' | 'at'>, at = new Date()): Promise<SignedReceipt> {
    const { current, state } = await this.identity.identity();
    return signReceipt(
      { v: 1, node: this.identity.origin, at: at.toISOString(), ...body },
      current,
      state.currentKey.kid,
    );
  }

  /** A signed refusal: a REJECTED receipt with `code` and `reason`, about `envelope` (default: none). */
  rejection(
    code: string,
    reason: string,
    envelope: { id: string | null; digest: string | null } = { id: null, digest: null },
  ): Promise<SignedReceipt> {
    return this.receipt({
      kind: 'REJECTED',
      envelopeId: envelope.id,
      digest: envelope.digest,
      result: 'rejected',
      code,
      reason,
    });
  }
}
