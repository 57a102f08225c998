import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { partiesOf, PRIORITY_BY_URGENCY, WorkflowService } from '@/workflows';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { detachedKid } from '../detached-jws';
import { Heartbeats } from '../delivery/heartbeats.service';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { EnvelopeRejectedError, FederationDisabledError } from '../federation.errors';
import { NodeIdentityService } from '../node-identity.service';
import { hopKeys, namesKey } from '../peer-keys';
import { PeerKeysService } from '../peer-keys.service';
import { PeersRepository } from '../peers.repository';
import {
  AGREEMENT,
  envelopeDigest,
  envelopeProblems,
  type SignedEnvelope,
  type SignedReceipt,
  verifyEnvelope,
  withoutSignature,
} from './envelope';
import { EnvelopeWriter, receiptRowOf } from './envelope-writer.service';
import { type EnvelopeRow, EnvelopesRepository } from './envelopes.repository';
import { FEDERATION_QUEUE, FederationJob, INBOX_PATH } from './federation.constants';
import { parseSignatureInput, type SignatureCheck } from './http-signature';
import { headerReader, verifyPeerSignature } from './peer-signature';

export interface InboxAnswer {
  status: 200 | 202;
  body: { receipt: SignedReceipt };
}

type RejectionKind = 'unauthenticated' | 'forbidden' | 'conflict' | 'invalid';

/** The hop signature checked against these peers' keys, with the peer whose key signed it. */
interface HopCheck {
  result: SignatureCheck;
  sender: FederationPeer | undefined;
  /** The keyid the signature names (when its parameters parse). */
  kid: string | null;
}

/** `from.node` of a body that is JSON: only a hint of which peer's key log to follow, checked after. */
export function claimedSender(raw: Buffer): string | null {
  try {
    const from = (JSON.parse(raw.toString('utf8')) as { from?: { node?: unknown } } | null)?.from?.node;
    return typeof from === 'string' ? from : null;
  } catch {
    return null;
  }
}

/**
 * The inbox (POST /federation/v1/inbox): verifies the hop's signature (a pinned peer's key; an unknown key of
 * a pinned peer is looked up in its key log, accepted only as a valid continuation of the pinned head), the
 * envelope's own signature, that it is addressed to this node, the agreement, and that the sender is a party
 * of the case; stores the envelope with its DELIVERY receipt and the job that applies it (FederationApply),
 * and answers that receipt (202; 200 with the original receipt for a duplicate). Every refusal is a signed
 * rejection and stores nothing (docs/federation.md "What the inbox refuses").
 */
@Injectable()
export class FederationInbox {
  constructor(
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly authorities: AuthoritiesService,
    private readonly peers: PeersRepository,
    private readonly peerKeys: PeerKeysService,
    private readonly envelopes: EnvelopesRepository,
    private readonly writer: EnvelopeWriter,
    private readonly heartbeats: Heartbeats,
  ) {}

  /** Throws a signed rejection (EnvelopeRejectedError, the receipt in `details.receipt`). */
  async reject(
    code: string,
    kind: RejectionKind,
    reason: string,
    envelope?: { id?: unknown; digest?: string },
  ): Promise<never> {
    const receipt = await this.writer.rejection(code, reason, {
      id: typeof envelope?.id === 'string' ? envelope.id : null,
      digest: envelope?.digest ?? null,
    });
    throw new EnvelopeRejectedError(code, kind, reason, receipt);
  }

  assertEnabled(): void {
    if (!this.identity.enabled) {
      throw new FederationDisabledError();
    }
  }

  /**
   * The hop signature against the keys of `peers` (pinned or suspended ones, whose head was pinned): their
   * current key, or one retired less than FEDERATION_CLOCK_SKEW_S ago.
   */
  private checkHop(
    raw: Buffer,
    header: (name: string) => string | undefined,
    peers: FederationPeer[],
    now: Date,
    path: string,
  ): HopCheck {
    const targetUri = `${this.identity.origin}${path}`;
    const { result, sender } = verifyPeerSignature({
      method: 'POST',
      targetUri,
      body: raw,
      header,
      peers,
      keysOf: (p) => hopKeys(p, now, this.config.clockSkewS),
      now,
      skewS: this.config.clockSkewS,
    });
    const kid = parseSignatureInput(header('signature-input') ?? '')?.params.keyid ?? null;
    if (
      !result.ok &&
      result.code === 'SIGNATURE_INVALID' &&
      result.reason === 'the signature does not verify'
    ) {
      // The target URI is only in the signature base: a request signed for another node's inbox lands here.
      return {
        result: {
          ...result,
          reason: `the signature does not verify over ${targetUri}: tampered, or aimed at another node`,
        },
        sender,
        kid,
      };
    }
    if (!result.ok && result.code === 'UNKNOWN_PEER' && kid !== null) {
      const owner = peers.find((p) => namesKey(p, kid));
      if (owner) {
        const key = owner.pinnedHead?.keys.find((k) => k.jwk.kid === kid);
        const why = key?.revokedSince
          ? `revoked since ${key.revokedSince}`
          : `retired at ${String(key?.validUntil)} (more than ${this.config.clockSkewS} s ago)`;
        return { result: { ...result, reason: `key ${kid} of ${owner.origin} is ${why}` }, sender, kid };
      }
    }
    return { result, sender, kid };
  }

  /**
   * The pinned peer whose RFC 9421 signature a request to `path` on this node carries (an unknown key of a
   * pinned peer followed through its key log first); a signed rejection otherwise. Used by the inbox and by
   * every other signed federation request (checkpoint cosigning).
   */
  async authenticate(
    raw: Buffer,
    headers: Record<string, string | string[] | undefined>,
    path: string,
    claimedOrigin: string | null,
  ): Promise<FederationPeer> {
    this.assertEnabled();
    const header = headerReader(headers);
    const now = new Date();
    // Pending peers were never confirmed: their keys are unknown here. Suspended ones are recognised (to
    // tell them so, once their signature verifies) and refused.
    let known = (await this.peers.list()).filter(
      (p) => p.pinnedHead !== null && p.status !== 'PENDING_CONFIRMATION',
    );
    let hop = this.checkHop(raw, header, known, now, path);
    if (!hop.result.ok && hop.result.code === 'UNKNOWN_PEER' && hop.kid !== null) {
      // Perhaps the sender rotated: follow the key log of the peer the body names (a hint, verified below).
      const peer = known.find((p) => p.origin === claimedOrigin && p.status === 'PINNED');
      if (peer && !namesKey(peer, hop.kid)) {
        const followed = await this.peerKeys.follow(peer, hop.kid);
        if (followed.outcome === 'refused') {
          return this.reject('KEY_ROTATION_REFUSED', 'unauthenticated', followed.reason);
        }
        if (followed.outcome === 'followed' || followed.outcome === 'known') {
          known = known.map((p) => (p.id === peer.id ? followed.peer : p));
          hop = this.checkHop(raw, header, known, now, path);
        }
      }
    }
    if (!hop.result.ok) {
      return this.reject(hop.result.code, 'unauthenticated', hop.result.reason);
    }
    const from = hop.sender as FederationPeer;
    if (from.status !== 'PINNED') {
      return this.reject(
        'PEER_SUSPENDED',
        'forbidden',
        `${from.origin} is suspended on ${this.identity.origin}: nothing is received from it until an admin resumes it`,
      );
    }
    return from;
  }

  async receive(raw: Buffer, headers: Record<string, string | string[] | undefined>): Promise<InboxAnswer> {
    const from = await this.authenticate(raw, headers, INBOX_PATH, claimedSender(raw));
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.reject('ENVELOPE_INVALID', 'invalid', 'the body is not JSON');
    }
    const problems = envelopeProblems(parsed);
    if (problems.length > 0) {
      return this.reject('ENVELOPE_INVALID', 'invalid', problems.join('; '), parsed as { id?: unknown });
    }
    const envelope = parsed as SignedEnvelope;
    const digest = envelopeDigest(withoutSignature(envelope));
    const ref = { id: envelope.id, digest };
    const keys = await this.peerKeys.keysFor(from, detachedKid(envelope.signature));
    if (!(await verifyEnvelope(envelope, keys))) {
      return this.reject(
        'SIGNATURE_INVALID',
        'unauthenticated',
        "the envelope's signature does not verify",
        ref,
      );
    }
    if (envelope.from.node !== from.origin) {
      return this.reject(
        'SIGNATURE_INVALID',
        'unauthenticated',
        `the envelope is from ${envelope.from.node} but signed for the hop by ${from.origin}`,
        ref,
      );
    }
    if (envelope.to.node !== this.identity.origin) {
      return this.reject(
        'MISDIRECTED',
        'forbidden',
        `the envelope is addressed to ${envelope.to.node}; this node is ${this.identity.origin}`,
        ref,
      );
    }
    if (envelope.agreement !== AGREEMENT) {
      return this.reject(
        'AGREEMENT_MISMATCH',
        'invalid',
        `agreement ${envelope.agreement} is not ${AGREEMENT}`,
        ref,
      );
    }
    if (envelope.type === 'heartbeat') {
      // Not a case envelope: compared with this node's stream counts, nothing stored (delivery/heartbeats).
      return this.heartbeats.receive(from, envelope);
    }
    const party = await this.partyProblem(envelope, from);
    if (party) {
      return this.reject(party.code, 'forbidden', party.reason, ref);
    }
    const existing = await this.envelopes.findByEnvelopeId('in', from.origin, envelope.id);
    if (existing) {
      return this.duplicate(existing, digest);
    }
    const receivedAt = new Date();
    const receipt = await this.writer.receipt(
      { kind: 'DELIVERY', envelopeId: envelope.id, digest, result: 'stored', code: null, reason: null },
      receivedAt,
    );
    const stored = await this.dataSource.transaction(async (m) => {
      const id = await this.envelopes.insert(m, {
        direction: 'in',
        peerOrigin: from.origin,
        envelopeId: envelope.id,
        requestId: envelope.case.id,
        type: envelope.type,
        streamSeq: envelope.streamSeq,
        digest,
        envelope,
        status: 'stored',
      });
      if (!id) {
        return null;
      }
      await this.envelopes.addReceipt(id, receiptRowOf(receipt), m);
      const entries = await this.workflows.schedule(m, envelope.case.id, `in-${id}`, [
        {
          queue: FEDERATION_QUEUE,
          jobName: FederationJob.Apply,
          runAt: receivedAt,
          priority: PRIORITY_BY_URGENCY.normal,
          kind: 'envelope',
          params: { envelopeRowId: id },
        },
      ]);
      return entries;
    });
    if (!stored) {
      // Stored by a concurrent POST of the same envelope meanwhile.
      const again = await this.envelopes.findByEnvelopeId('in', from.origin, envelope.id);
      return this.duplicate(again as EnvelopeRow, digest);
    }
    this.workflows.publish(stored);
    return { status: 202, body: { receipt } };
  }

  /**
   * Whether the sender may speak about this case: the authority it sends from is one it hosts, the one it
   * sends to is hosted here, and a case that exists here has one of its parties on the sender's node.
   */
  private async partyProblem(
    e: SignedEnvelope,
    from: FederationPeer,
  ): Promise<{ code: 'NOT_PARTY' | 'MISDIRECTED'; reason: string } | null> {
    const request = await this.workflows.findRequest(e.case.id);
    const ids = [e.from.authority, e.to.authority, ...(request ? partiesOf(request) : [])];
    const named = await this.authorities.findByIds(ids.filter((id): id is string => typeof id === 'string'));
    const hostOf = (id: string) => named.find((a) => a.id === id)?.nodeOrigin;
    if (e.from.authority !== null && hostOf(e.from.authority) !== from.origin) {
      return { code: 'NOT_PARTY', reason: `${from.origin} does not host authority ${e.from.authority}` };
    }
    if (e.to.authority !== null && hostOf(e.to.authority) !== null) {
      return {
        code: 'MISDIRECTED',
        reason: `authority ${e.to.authority} is not hosted by ${this.identity.origin}`,
      };
    }
    if (request && !partiesOf(request).some((id) => hostOf(id) === from.origin)) {
      return {
        code: 'NOT_PARTY',
        reason: `no party of case ${e.case.id} is hosted by ${from.origin}`,
      };
    }
    return null;
  }

  private async duplicate(existing: EnvelopeRow, digest: string): Promise<InboxAnswer> {
    if (existing.digest !== digest) {
      return this.reject(
        'CONFLICT',
        'conflict',
        `envelope ${existing.envelopeId} was received before with digest ${existing.digest}`,
        { id: existing.envelopeId, digest },
      );
    }
    const original = (await this.envelopes.receiptsOf(existing.id)).find((r) => r.kind === 'DELIVERY');
    return { status: 200, body: { receipt: original?.receipt as unknown as SignedReceipt } };
  }
}
