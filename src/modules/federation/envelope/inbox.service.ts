import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { PRIORITY_BY_URGENCY, WorkflowService } from '@/workflows';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { EnvelopeRejectedError, FederationDisabledError } from '../federation.errors';
import { keyObjectOf } from '../jwk';
import { NodeIdentityService } from '../node-identity.service';
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
import { EnvelopeWriter, peerKeys, receiptRowOf } from './envelope-writer.service';
import { type EnvelopeRow, EnvelopesRepository } from './envelopes.repository';
import { FEDERATION_QUEUE, FederationJob, INBOX_PATH } from './federation.constants';
import { verifyMessage } from './http-signature';

export interface InboxAnswer {
  status: 200 | 202;
  body: { receipt: SignedReceipt };
}

/**
 * The inbox (POST /federation/v1/inbox): verifies the hop's signature (a pinned peer's key), the envelope's
 * own signature, that it is addressed to this node, and the agreement; stores the envelope with its DELIVERY
 * receipt and the job that applies it (FederationApply), and answers that receipt (202; 200 with the
 * original receipt for a duplicate). Refusals are signed rejections and store nothing.
 */
@Injectable()
export class FederationInbox {
  constructor(
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly peers: PeersRepository,
    private readonly envelopes: EnvelopesRepository,
    private readonly writer: EnvelopeWriter,
  ) {}

  private async reject(
    code: string,
    kind: 'unauthenticated' | 'conflict' | 'invalid',
    reason: string,
    envelope?: { id?: unknown; digest?: string },
  ): Promise<never> {
    const receipt = await this.writer.receipt({
      kind: 'REJECTED',
      envelopeId: typeof envelope?.id === 'string' ? envelope.id : null,
      digest: envelope?.digest ?? null,
      result: 'rejected',
      code,
      reason,
    });
    throw new EnvelopeRejectedError(code, kind, reason, receipt);
  }

  assertEnabled(): void {
    if (!this.identity.enabled) {
      throw new FederationDisabledError();
    }
  }

  async receive(raw: Buffer, headers: Record<string, string | string[] | undefined>): Promise<InboxAnswer> {
    this.assertEnabled();
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    const pinned = (await this.peers.list()).filter((p) => p.status === 'PINNED');
    let sender: FederationPeer | undefined;
    const keyOf = (kid: string): KeyObject | null => {
      for (const p of pinned) {
        const key = peerKeys(p).find((k) => k.kid === kid);
        if (key) {
          sender = p;
          return keyObjectOf(key);
        }
      }
      return null;
    };
    const check = verifyMessage({
      message: {
        method: 'POST',
        targetUri: `${this.identity.origin}${INBOX_PATH}`,
        contentType: header('content-type') ?? '',
        contentDigest: header('content-digest') ?? '',
      },
      body: raw,
      signatureInput: header('signature-input'),
      signature: header('signature'),
      keyOf,
      now: new Date(),
      skewS: this.config.clockSkewS,
    });
    if (!check.ok) {
      return this.reject(check.code, 'unauthenticated', check.reason);
    }
    const from = sender as FederationPeer;
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
    if (!(await verifyEnvelope(envelope, peerKeys(from)))) {
      return this.reject('SIGNATURE_INVALID', 'unauthenticated', "the envelope's signature does not verify", {
        id: envelope.id,
        digest,
      });
    }
    if (envelope.from.node !== from.origin || envelope.to.node !== this.identity.origin) {
      return this.reject(
        'SIGNATURE_INVALID',
        'unauthenticated',
        `the envelope is from ${envelope.from.node} to ${envelope.to.node}, signed by ${from.origin} and received by ${this.identity.origin}`,
        { id: envelope.id, digest },
      );
    }
    if (envelope.agreement !== AGREEMENT) {
      return this.reject(
        'AGREEMENT_MISMATCH',
        'invalid',
        `agreement ${envelope.agreement} is not ${AGREEMENT}`,
        {
          id: envelope.id,
          digest,
        },
      );
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
