import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { federationConfig, type FederationConfig } from '@/config/federation.config';
import { DomainError, type ErrorKind } from '@/common/errors/domain-error';
import { type CooperationRequest, partiesOf, WorkflowService } from '@/workflows';
import { signDetached, verifyDetached, detachedKid } from '../detached-jws';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { peerFetch } from '../dial';
import { NodeIdentityService } from '../node-identity.service';
import { hopKeys } from '../peer-keys';
import { PeerKeysService } from '../peer-keys.service';
import { PeersRepository } from '../peers.repository';
import type { CaseEventsBody, Head, SignedCaseEvents } from './case-events';
import { ENVELOPE_MEDIA_TYPE } from './envelope';
import { EnvelopeWriter } from './envelope-writer.service';
import { contentDigest, signMessage } from './http-signature';
import { verifyPeerSignature } from './peer-signature';
import { type WireEvent, wireEventOfRow } from './wire-event';

const FETCH_TIMEOUT_MS = 10000;
const MAX_EVENTS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A refusal of a peer's GET, with the signed rejection in `details.receipt` (as the inbox's). */
export class CaseEventsRefusedError extends DomainError {
  constructor(code: string, kind: ErrorKind, message: string, receipt: unknown) {
    super(code, kind, message, { receipt });
  }
}

/** An envelope that cannot be applied yet (nothing answered): its apply job is retried later. */
export class RetryLaterError extends Error {}

/** Gap filling could not reach the peer or read its answer. */
export class GapFillUnavailableError extends RetryLaterError {}

/**
 * Gap filling (docs/federation.md "Consistency"). Serves `GET /federation/v1/cases/:caseId/events?after=N`
 * to a pinned peer hosting one of the request's parties (RFC 9421 signed GET; anyone else gets the same
 * signed refusal as for a request that does not exist), as a document signed by this node; and fetches
 * such a document from a peer, checking its signature against the peer's pinned keys.
 */
@Injectable()
export class CaseEvents {
  constructor(
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: NodeIdentityService,
    private readonly workflows: WorkflowService,
    private readonly peers: PeersRepository,
    private readonly peerKeys: PeerKeysService,
    private readonly writer: EnvelopeWriter,
  ) {}

  private async refuse(code: string, kind: ErrorKind, reason: string): Promise<never> {
    const receipt = await this.writer.rejection(code, reason);
    throw new CaseEventsRefusedError(code, kind, reason, receipt);
  }

  /** The answer to a peer's GET: `pathAndQuery` as requested (the signature covers the target URI). */
  async serve(
    caseId: string,
    after: string | undefined,
    pathAndQuery: string,
    header: (name: string) => string | undefined,
  ): Promise<SignedCaseEvents> {
    const pinned = (await this.peers.list()).filter((p) => p.status === 'PINNED');
    const now = new Date();
    const { result: check, sender } = verifyPeerSignature({
      method: 'GET',
      targetUri: `${this.identity.origin}${pathAndQuery}`,
      body: '',
      header,
      peers: pinned,
      // As for the inbox: a peer's current key, or one retired within the clock skew (a rotation in flight).
      keysOf: (p) => hopKeys(p, now, this.config.clockSkewS),
      now,
      skewS: this.config.clockSkewS,
    });
    if (!check.ok) {
      return this.refuse(check.code, 'unauthenticated', check.reason);
    }
    const from = sender as FederationPeer;
    if (after === undefined || !/^\d{1,9}$/.test(after)) {
      return this.refuse('INVALID_QUERY', 'invalid', 'after must be a whole number (the last position held)');
    }
    const request = UUID.test(caseId) ? await this.workflows.findRequest(caseId) : null;
    const hosts = request ? await this.hostedBy(request, from.origin) : false;
    if (!request || !hosts) {
      // The same answer whether the request is unknown or the peer is no party to it: nothing leaks.
      return this.refuse('CASE_UNKNOWN', 'not-found', `no request ${caseId} that ${from.origin} is party to`);
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      'SELECT * FROM audit_events WHERE request_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [caseId, Number(after), MAX_EVENTS],
    );
    const body: CaseEventsBody = {
      v: 1,
      node: this.identity.origin,
      case: caseId,
      after: Number(after),
      events: rows.map(wireEventOfRow),
      at: new Date().toISOString(),
    };
    const { current, state } = await this.identity.identity();
    return { ...body, signature: await signDetached(body, current, state.currentKey.kid) };
  }

  /** The events of `caseId` after `after` held by `peerOrigin`, in a document signed by that peer. */
  async fetchAfter(peerOrigin: string, caseId: string, after: number): Promise<WireEvent[]> {
    const peer = await this.peers.findByOrigin(peerOrigin);
    if (!peer || peer.status !== 'PINNED') {
      throw new GapFillUnavailableError(`peer ${peerOrigin} is not pinned`);
    }
    const url = `${peer.document.endpoints.cases.replace('{caseId}', encodeURIComponent(caseId))}?after=${after}`;
    const { current, state } = await this.identity.identity();
    const digest = contentDigest('');
    const signed = signMessage(
      { method: 'GET', targetUri: url, contentType: ENVELOPE_MEDIA_TYPE, contentDigest: digest },
      current,
      state.currentKey.kid,
    );
    let res: Response;
    try {
      res = await peerFetch(url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
        headers: { 'content-type': ENVELOPE_MEDIA_TYPE, 'content-digest': digest, ...signed },
      });
    } catch (err) {
      throw new GapFillUnavailableError(`events of ${caseId} from ${peerOrigin}: ${(err as Error).message}`);
    }
    const doc = (await res.json().catch(() => null)) as SignedCaseEvents | null;
    if (res.status !== 200 || !doc || !Array.isArray(doc.events)) {
      throw new GapFillUnavailableError(`events of ${caseId} from ${peerOrigin}: answered ${res.status}`);
    }
    const { signature, ...body } = doc;
    const kid = detachedKid(signature);
    // A key the peer rotated to since it was pinned is followed through its key log (PeerKeysService).
    const key = (await this.peerKeys.keysFor(peer, kid)).find((k) => k.kid === kid);
    const genuine = key !== undefined && (await verifyDetached(body, signature, key));
    if (!genuine || doc.node !== peerOrigin || doc.case !== caseId || doc.after !== after) {
      throw new GapFillUnavailableError(
        `events of ${caseId} from ${peerOrigin}: the document does not verify`,
      );
    }
    return doc.events;
  }

  /** The last event of a request here (seq 0, hash null before any). */
  async headOf(requestId: string): Promise<Head> {
    const rows: { seq: number; hash: string }[] = await this.dataSource.query(
      'SELECT seq, hash FROM audit_events WHERE request_id = $1 ORDER BY seq DESC LIMIT 1',
      [requestId],
    );
    return rows[0] ? { seq: rows[0].seq, hash: rows[0].hash.trim() } : { seq: 0, hash: null };
  }

  /** Whether another envelope from `peer` about the request is stored and not applied yet (it came first). */
  async earlierWaiting(peer: string, requestId: string, envelopeRowId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM federation_envelopes WHERE direction = 'in' AND peer_origin = $1 AND request_id = $2
          AND status = 'stored' AND type <> 'receipt' AND id <> $3 LIMIT 1`,
      [peer, requestId, envelopeRowId],
    );
    return rows.length > 0;
  }

  /** Our event's hash at `seq`, or null. */
  async hashAt(requestId: string, seq: number): Promise<string | null> {
    const rows: { hash: string }[] = await this.dataSource.query(
      'SELECT hash FROM audit_events WHERE request_id = $1 AND seq = $2',
      [requestId, seq],
    );
    return rows[0] ? rows[0].hash.trim() : null;
  }

  /** Whether `origin` hosts a party of the request (any of a multi-party request's). */
  private async hostedBy(request: CooperationRequest, origin: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM authorities WHERE id = ANY($1::uuid[]) AND node_origin = $2',
      [partiesOf(request), origin],
    );
    return rows.length > 0;
  }
}
