import { Injectable, Logger } from '@nestjs/common';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { partiesOf, WorkflowService } from '@/workflows';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { NodeIdentityService } from '../node-identity.service';
import { PeersRepository } from '../peers.repository';
import type { EnvelopeRow } from '../envelope/envelopes.repository';
import type { WireEvent } from '../envelope/wire-event';
import { signedGetHeaders } from './blob-signature';
import { BlobStore, type DocumentRecord } from './blob-store';
import { blobEtag } from './byte-range';
import { type AttachmentRef, attachmentRefsOf, documentRecordsOf } from './envelope-documents';
import { peerFetch } from '../dial';

/** Bytes kept in memory before a part is committed (a cut transfer resumes after the last one). */
export const PART_BYTES = 64 * 1024;
const PULL_TIMEOUT_MS = 5 * 60 * 1000;

/** A document that could not be pulled; the apply job fails and is retried (the envelope stays stored). */
export class BlobPullError extends Error {}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/**
 * Before a received envelope is applied: pulls from its sender, by digest, each document it lists that this
 * node does not hold (streamed to federation_blob_parts part by part, resumed with Range after a cut, its
 * SHA-256 and size checked on arrival; a mismatch is deleted and refused), then lists the documents on this
 * node's copy of the request under the sender's ids. An `attach-document` event is applied here, with its
 * document in the same transaction. Any failure throws: the apply job fails and is retried.
 */
@Injectable()
export class DocumentPuller {
  private readonly logger = new Logger('Federation');

  constructor(
    private readonly identity: NodeIdentityService,
    private readonly peers: PeersRepository,
    private readonly authorities: AuthoritiesService,
    private readonly workflows: WorkflowService,
    private readonly store: BlobStore,
  ) {}

  async prepare(row: EnvelopeRow): Promise<void> {
    const envelope = row.envelope;
    if (envelope.type === 'receipt' || envelope.attachments.length === 0) {
      return;
    }
    const caseId = envelope.case.id;
    let refs: AttachmentRef[];
    let documents: DocumentRecord[];
    try {
      refs = attachmentRefsOf(envelope.attachments);
      documents = documentRecordsOf(envelope.body.documents, caseId, refs);
    } catch (err) {
      // Malformed: nothing to pull; applying it decides (and answers) what becomes of it.
      this.logger.warn({
        msg: 'federation: an envelope lists malformed documents',
        reason: (err as Error).message,
      });
      return;
    }
    const hosts = await this.authorities.findByIds([...new Set(documents.map((d) => d.authorityId))]);
    const ours = documents.filter(
      (d) => hosts.find((a) => a.id === d.authorityId)?.nodeOrigin === row.peerOrigin,
    );
    const pulled: string[] = [];
    for (const ref of refs) {
      if (!(await this.store.holds(ref.sha256))) {
        await this.pull(row.peerOrigin, ref);
        pulled.push(ref.sha256);
      }
    }
    const event = (envelope.body as { event?: WireEvent }).event;
    if (event?.action === 'attach-document') {
      const doc = ours.find((d) => d.id === event.payload.attachmentId);
      if (!doc || event.actorAuthorityId !== doc.authorityId || !event.actorUserId) {
        return;
      }
      const applied = await this.workflows.applyRemoteSideEvent(
        caseId,
        { action: event.action, payload: event.payload },
        {
          type: 'user',
          userId: event.actorUserId,
          authorityId: doc.authorityId,
          roles: ['officer', 'approver'],
        },
        { prevHash: event.prevHash, caseSeq: event.seq, occurredAt: new Date(event.occurredAt) },
        async (m) => {
          if (!(await this.store.insertDocument(doc, m))) {
            throw new Error(`document ${doc.id} has no content here`);
          }
        },
      );
      if (applied.outcome !== 'applied' && applied.outcome !== 'duplicate') {
        return;
      }
    } else if (await this.mayList(caseId, row.peerOrigin)) {
      for (const doc of ours) {
        await this.store.insertDocument(doc);
      }
    }
    for (const sha256 of pulled) {
      await this.store.dropStaged(sha256);
    }
  }

  /** Documents are listed on a copy about to be adopted, or on a request one of whose parties the sender hosts. */
  private async mayList(caseId: string, peer: string): Promise<boolean> {
    const request = await this.workflows.findRequest(caseId);
    if (!request) {
      return true;
    }
    const parties = await this.authorities.findByIds(partiesOf(request));
    return parties.some((a) => a.nodeOrigin === peer);
  }

  /** Pulls one document into federation_blob_parts, resuming what an earlier attempt stored; checks it. */
  private async pull(origin: string, ref: AttachmentRef): Promise<void> {
    const peer = await this.peers.findByOrigin(origin);
    if (!peer || peer.status !== 'PINNED') {
      throw new BlobPullError(`peer ${origin} is not pinned: its documents wait`);
    }
    let have = await this.store.stagedLength(ref.sha256);
    if (have > ref.size) {
      await this.store.dropStaged(ref.sha256);
      have = 0;
    }
    if (have < ref.size) {
      await this.download(peer, ref, have);
    }
    const got = await this.store.stagedDigest(ref.sha256);
    if (got.size !== ref.size || got.sha256 !== ref.sha256) {
      await this.store.dropStaged(ref.sha256);
      throw new BlobPullError(
        `the document pulled from ${origin} as ${ref.sha256} (${ref.size} bytes) has SHA-256 ${got.sha256} ` +
          `(${got.size} bytes): refused, not stored`,
      );
    }
  }

  private async download(peer: FederationPeer, ref: AttachmentRef, have: number): Promise<void> {
    const url = peer.document.endpoints.blobs.replace('{hex}', ref.sha256);
    const { current, state } = await this.identity.identity();
    const headers = signedGetHeaders(url, current, state.currentKey.kid);
    if (have > 0) {
      Object.assign(headers, { range: `bytes=${have}-`, 'if-range': blobEtag(ref.sha256) });
    }
    const res = await peerFetch(url, {
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(PULL_TIMEOUT_MS),
    });
    let offset = have;
    if (res.status === 200) {
      // The whole document (the peer did not resume): start again.
      await this.store.dropStaged(ref.sha256);
      offset = 0;
    } else if (res.status === 206) {
      const m = CONTENT_RANGE.exec(res.headers.get('content-range') ?? '');
      if (!m || Number(m[1]) !== have || Number(m[3]) !== ref.size) {
        await res.body?.cancel();
        throw new BlobPullError(
          `${url} answered the range ${res.headers.get('content-range')}, not bytes ${have}-`,
        );
      }
    } else {
      const answer = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
      throw new BlobPullError(
        `${url} answered ${res.status}${answer?.code ? ` ${answer.code}: ${answer.message}` : ''}`,
      );
    }
    if (!res.body) {
      throw new BlobPullError(`${url} answered no body`);
    }
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes > 0) {
        const part = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        await this.store.appendPart(ref.sha256, offset, part, peer.origin);
        offset += part.length;
      }
    };
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        pending.push(Buffer.from(chunk));
        pendingBytes += chunk.length;
        if (offset + pendingBytes > ref.size) {
          throw new BlobPullError(`${url} sent more than the ${ref.size} bytes the envelope announced`);
        }
        if (pendingBytes >= PART_BYTES) {
          await flush();
        }
      }
      await flush();
    } catch (err) {
      if (err instanceof BlobPullError) {
        await this.store.dropStaged(ref.sha256);
        throw err;
      }
      // A cut transfer: keep what arrived (checked with the rest at the end), resume from there next time.
      await flush();
      throw new BlobPullError(
        `the transfer of ${ref.sha256} from ${peer.origin} was cut at ${offset} bytes: ${(err as Error).message}`,
      );
    }
  }
}
