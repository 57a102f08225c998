import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DomainError } from '@/common/errors/domain-error';
import type { AllConfig } from '@/config/all-config.type';
import { AuditSigner } from '@/modules/audit/audit-signer';
import { checkpointSignatureProblem, type SignedCheckpoint } from '@/modules/audit/checkpoint-statement';
import { CheckpointService, toSignedCheckpoint } from '@/modules/audit/checkpoint.service';
import { parsePublicKey } from '@/modules/audit/signing-key';
import { AlertsService } from '../alerts/alerts.service';
import { detachedKid, verifyDetached } from '../detached-jws';
import { peerFetch } from '../dial';
import type { FederationPeer } from '../entities/federation-peer.entity';
import { EnvelopeWriter } from '../envelope/envelope-writer.service';
import { contentDigest, signMessage } from '../envelope/http-signature';
import { jcs } from '../jcs';
import { FederationInbox } from '../envelope/inbox.service';
import { NodeIdentityService } from '../node-identity.service';
import { PeerKeysService } from '../peer-keys.service';
import { PeersRepository } from '../peers.repository';
import {
  checkpointLeaf,
  consistencyProof,
  lastLeafProof,
  logRoot,
  verifyConsistency,
  verifyLastLeaf,
} from './checkpoint-log';
import { type CosignatureRow, CosignaturesRepository } from './cosignatures.repository';

export const COSIGN_PATH = '/federation/v1/checkpoints/cosign';
export const COSIGN_MEDIA_TYPE = 'application/coop-checkpoint+json';
/** Kind of the alert raised when a peer shows a checkpoint log inconsistent with what was cosigned. */
export const CHECKPOINT_ALERT = 'checkpoint-inconsistent';
const COSIGN_TIMEOUT_MS = 10_000;

/** What a node asks a peer to cosign: its latest checkpoint as the head of its checkpoint log. */
export interface CosignRequest {
  v: 1;
  node: string;
  checkpoint: SignedCheckpoint;
  /** The audit key that signs the node's checkpoints (its keyId is the SHA-256 of the DER key). */
  auditKey: { keyId: string; pem: string };
  /** The checkpoint log at this checkpoint: size = checkpoint.seq, hex root. */
  log: { size: number; root: string };
  /** Hex inclusion proof of the checkpoint as the log's last leaf. */
  inclusion: string[];
  /** From the size the peer cosigned last (null if none): hex RFC 9162 consistency proof. */
  consistency: { from: number; proof: string[] } | null;
}

/** What the cosigner signs (JCS, detached JWS by its federation key). */
export interface CosignStatement {
  v: 1;
  kind: 'checkpoint-cosignature';
  node: string;
  cosigner: string;
  checkpoint: Pick<
    SignedCheckpoint,
    'seq' | 'hash' | 'rootHash' | 'treeSize' | 'lastEventId' | 'createdAt' | 'keyId'
  >;
  log: { size: number; root: string };
  at: string;
}

export type CosignOutcome =
  | { peer: string; outcome: 'cosigned' | 'current'; seq: number }
  | { peer: string; outcome: 'refused' | 'failed'; seq: number; code: string | null; reason: string };

/** A cosigning request refused: a signed receipt, and the size cosigned last when that is the reason. */
export class CosignRefusedError extends DomainError {
  constructor(
    code: string,
    kind: 'invalid' | 'conflict' | 'forbidden',
    reason: string,
    receipt: unknown,
    cosignedSize?: number,
  ) {
    super(code, kind, reason, cosignedSize === undefined ? { receipt } : { receipt, cosignedSize });
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const hexList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= 64 && v.every((h) => typeof h === 'string' && HEX64.test(h));
const buf = (hex: string) => Buffer.from(hex, 'hex');

function statementOf(r: CosignRequest, cosigner: string, at: Date): CosignStatement {
  const c = r.checkpoint;
  return {
    v: 1,
    kind: 'checkpoint-cosignature',
    node: r.node,
    cosigner,
    checkpoint: {
      seq: c.seq,
      hash: c.hash,
      rootHash: c.rootHash,
      treeSize: c.treeSize,
      lastEventId: c.lastEventId,
      createdAt: c.createdAt,
      keyId: c.keyId,
    },
    log: r.log,
    at: at.toISOString(),
  };
}

/**
 * Cosigned audit checkpoints (FEDERATION.md "Trust without a shared PKI"). The owner asks each pinned peer to
 * cosign the head of its checkpoint log (its latest signed checkpoint, the Merkle root over every checkpoint
 * hash), with a consistency proof from the head that peer cosigned last. The peer checks the checkpoint's
 * audit signature, that it is the log's last leaf, and the proof; then signs the statement with its
 * federation key. Both keep the cosignature. A peer showing two heads of one size, or one that does not
 * extend what was cosigned, is refused and an alert raised. Runs every AUDIT_CHECKPOINT_INTERVAL_MS and on
 * demand (POST /v1/federation/checkpoints/cosign).
 */
@Injectable()
export class CheckpointCosigning implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Federation');
  private timer?: NodeJS.Timeout;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    private readonly config: ConfigService<AllConfig, true>,
    private readonly identity: NodeIdentityService,
    private readonly checkpoints: CheckpointService,
    private readonly auditSigner: AuditSigner,
    private readonly peers: PeersRepository,
    private readonly peerKeys: PeerKeysService,
    private readonly inbox: FederationInbox,
    private readonly writer: EnvelopeWriter,
    private readonly alerts: AlertsService,
    private readonly cosignatures: CosignaturesRepository,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get('audit', { infer: true }).checkpointIntervalMs;
    if (this.identity.enabled && every > 0) {
      this.timer = setInterval(() => {
        if (!this.inFlight) {
          this.inFlight = this.cosignNow()
            .catch((err: unknown) =>
              this.logger.warn(
                `checkpoint cosigning failed: ${err instanceof Error ? err.message : String(err)}`,
              ),
            )
            .finally(() => {
              this.inFlight = null;
            });
        }
      }, every);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }

  // ---- the owner: asking peers ----

  /** Asks every pinned peer to cosign this node's latest checkpoint (taking one first if none exists). */
  async cosignNow(): Promise<CosignOutcome[]> {
    this.inbox.assertEnabled();
    let latest = await this.checkpoints.latest();
    if (!latest) {
      await this.checkpoints.checkpointNow();
      latest = await this.checkpoints.latest();
    }
    if (!latest) {
      return [];
    }
    const checkpoint = toSignedCheckpoint(latest);
    const leaves = (await this.checkpoints.hashes())
      .filter((h) => h.seq <= checkpoint.seq)
      .map((h) => checkpointLeaf(h.hash));
    const pinned = (await this.peers.list()).filter((p) => p.status === 'PINNED');
    const results: CosignOutcome[] = [];
    for (const peer of pinned) {
      // The same period keeps each peer's pinned key log current (revocations included).
      const refreshed = await this.peerKeys.refresh(peer);
      const current =
        refreshed.outcome === 'known' || refreshed.outcome === 'followed' ? refreshed.peer : peer;
      results.push(await this.askPeer(current, checkpoint, leaves));
    }
    return results;
  }

  private async askPeer(
    peer: FederationPeer,
    checkpoint: SignedCheckpoint,
    leaves: Buffer[],
    base?: number,
  ): Promise<CosignOutcome> {
    const own = this.identity.origin;
    const seq = checkpoint.seq;
    const last = await this.cosignatures.find(own, peer.origin);
    const from = base ?? last?.checkpointSeq ?? null;
    if (base === undefined && last?.checkpointSeq === seq) {
      return { peer: peer.origin, outcome: 'current', seq };
    }
    const request: CosignRequest = {
      v: 1,
      node: own,
      checkpoint,
      auditKey: { keyId: this.auditSigner.publicKey.keyId, pem: this.auditSigner.publicKey.pem },
      log: { size: seq, root: logRoot(leaves).toString('hex') },
      inclusion: lastLeafProof(leaves).map((b) => b.toString('hex')),
      consistency:
        from === null || from < 1 || from > seq
          ? null
          : { from, proof: consistencyProof(leaves, from).map((b) => b.toString('hex')) },
    };
    const text = JSON.stringify(request);
    const url = `${peer.origin}${COSIGN_PATH}`;
    const digest = contentDigest(text);
    const { current, state } = await this.identity.identity();
    let status: number;
    let answer: Record<string, any> | null;
    try {
      const res = await peerFetch(url, {
        method: 'POST',
        body: text,
        redirect: 'manual',
        signal: AbortSignal.timeout(COSIGN_TIMEOUT_MS),
        headers: {
          'content-type': COSIGN_MEDIA_TYPE,
          'content-digest': digest,
          ...signMessage(
            { method: 'POST', targetUri: url, contentType: COSIGN_MEDIA_TYPE, contentDigest: digest },
            current,
            state.currentKey.kid,
          ),
        },
      });
      status = res.status;
      answer = (await res.json().catch(() => null)) as Record<string, any> | null;
    } catch (err) {
      return { peer: peer.origin, outcome: 'failed', seq, code: null, reason: (err as Error).message };
    }
    if (status === 409 && answer?.code === 'COSIGN_BASE' && base === undefined) {
      const size = Number((answer.details as { cosignedSize?: unknown } | undefined)?.cosignedSize);
      if (Number.isInteger(size) && size >= 1 && size <= seq) {
        return this.askPeer(peer, checkpoint, leaves, size);
      }
    }
    if (status !== 200) {
      const code = typeof answer?.code === 'string' ? answer.code : null;
      const reason = typeof answer?.message === 'string' ? answer.message : `HTTP ${status}`;
      this.logger.warn({ msg: 'checkpoint cosignature refused', peer: peer.origin, seq, code, reason });
      return { peer: peer.origin, outcome: status < 500 ? 'refused' : 'failed', seq, code, reason };
    }
    const given = answer?.cosignature as { statement?: CosignStatement; signature?: string } | undefined;
    const expected = given?.statement
      ? { ...statementOf(request, peer.origin, new Date(given.statement.at)) }
      : null;
    const signature = given?.signature;
    if (
      !given?.statement ||
      !expected ||
      typeof signature !== 'string' ||
      jcs(expected) !== jcs(given.statement) ||
      !(await this.verifiedBy(peer, given.statement, signature))
    ) {
      return {
        peer: peer.origin,
        outcome: 'failed',
        seq,
        code: null,
        reason: 'the cosignature does not verify or is not about this checkpoint',
      };
    }
    await this.cosignatures.insert({
      ownerOrigin: own,
      cosignerOrigin: peer.origin,
      checkpointSeq: seq,
      checkpointHash: checkpoint.hash,
      logRoot: request.log.root,
      checkpoint: checkpoint as unknown as Record<string, unknown>,
      statement: given.statement as unknown as Record<string, unknown>,
      signature,
      signerKid: detachedKid(signature) ?? '',
    });
    return { peer: peer.origin, outcome: 'cosigned', seq };
  }

  private async verifiedBy(
    peer: FederationPeer,
    statement: CosignStatement,
    signature: string,
  ): Promise<boolean> {
    const kid = detachedKid(signature);
    const key = (await this.peerKeys.keysFor(peer, kid)).find((k) => k.kid === kid);
    return key !== undefined && verifyDetached(statement, signature, key);
  }

  // ---- the cosigner: answering a peer ----

  private async refuse(
    code: string,
    kind: 'invalid' | 'conflict' | 'forbidden',
    reason: string,
    cosignedSize?: number,
  ): Promise<never> {
    const receipt = await this.writer.rejection(code, reason);
    throw new CosignRefusedError(code, kind, reason, receipt, cosignedSize);
  }

  /** POST /federation/v1/checkpoints/cosign: checks a peer's checkpoint-log head and cosigns it. */
  async cosign(
    raw: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<{ cosignature: { statement: CosignStatement; signature: string } }> {
    let body: Partial<CosignRequest> | null;
    try {
      body = JSON.parse(raw.toString('utf8')) as Partial<CosignRequest>;
    } catch {
      body = null;
    }
    const peer = await this.inbox.authenticate(
      raw,
      headers,
      COSIGN_PATH,
      typeof body?.node === 'string' ? body.node : null,
    );
    const own = this.identity.origin;
    const r = this.shapeOf(body);
    if (typeof r === 'string') {
      return this.refuse('CHECKPOINT_INVALID', 'invalid', r);
    }
    if (r.node !== peer.origin) {
      return this.refuse(
        'NOT_PARTY',
        'forbidden',
        `the checkpoint is of ${r.node}, signed for the hop by ${peer.origin}`,
      );
    }
    const problem = this.checkpointProblem(r);
    if (problem) {
      return this.refuse('CHECKPOINT_INVALID', 'invalid', problem);
    }
    const size = r.log.size;
    const root = buf(r.log.root);
    const same = await this.cosignatures.find(peer.origin, own, size);
    if (same) {
      if (same.logRoot === r.log.root && same.checkpointHash === r.checkpoint.hash) {
        return {
          cosignature: { statement: same.statement as unknown as CosignStatement, signature: same.signature },
        };
      }
      return this.inconsistent(peer, `it shows another checkpoint log of size ${size} than the one cosigned`);
    }
    const last = await this.cosignatures.find(peer.origin, own);
    if (last && last.checkpointSeq > size) {
      return this.refuse(
        'COSIGN_STALE',
        'conflict',
        `checkpoint ${last.checkpointSeq} of ${peer.origin} is cosigned already; ${size} is older`,
        last.checkpointSeq,
      );
    }
    if (last) {
      if (r.consistency?.from !== last.checkpointSeq) {
        return this.refuse(
          'COSIGN_BASE',
          'conflict',
          `send a consistency proof from size ${last.checkpointSeq}, the head cosigned last`,
          last.checkpointSeq,
        );
      }
      const proof = r.consistency.proof.map(buf);
      if (!verifyConsistency(last.checkpointSeq, size, buf(last.logRoot), root, proof)) {
        return this.inconsistent(
          peer,
          `its checkpoint log of size ${size} does not extend the one of size ${last.checkpointSeq} cosigned before`,
        );
      }
    }
    const statement = statementOf(r, own, new Date());
    const { signature, kid } = await this.identity.sign(statement);
    const row: CosignatureRow = {
      ownerOrigin: peer.origin,
      cosignerOrigin: own,
      checkpointSeq: size,
      checkpointHash: r.checkpoint.hash,
      logRoot: r.log.root,
      checkpoint: r.checkpoint as unknown as Record<string, unknown>,
      statement: statement as unknown as Record<string, unknown>,
      signature,
      signerKid: kid,
    };
    if (!(await this.cosignatures.insert(row))) {
      // Cosigned meanwhile by a concurrent request: answer what was stored.
      const stored = await this.cosignatures.find(peer.origin, own, size);
      if (stored?.logRoot === r.log.root && stored.checkpointHash === r.checkpoint.hash) {
        return {
          cosignature: {
            statement: stored.statement as unknown as CosignStatement,
            signature: stored.signature,
          },
        };
      }
      return this.inconsistent(peer, `it shows another checkpoint log of size ${size} than the one cosigned`);
    }
    this.logger.log({ msg: 'checkpoint cosigned', peer: peer.origin, seq: size });
    return { cosignature: { statement, signature } };
  }

  private async inconsistent(peer: FederationPeer, what: string): Promise<never> {
    const message = `${peer.origin} ${what}: a node showing different histories; not cosigned`;
    if (!(await this.alerts.hasOpen(CHECKPOINT_ALERT, peer.origin, null))) {
      await this.alerts.raise(null, {
        kind: CHECKPOINT_ALERT,
        peerOrigin: peer.origin,
        requestId: null,
        envelopeRowId: null,
        message,
      });
    }
    return this.refuse('CHECKPOINT_INCONSISTENT', 'conflict', message);
  }

  /** The request's shape, or what is wrong with it. */
  private shapeOf(b: Partial<CosignRequest> | null): CosignRequest | string {
    if (!b || typeof b !== 'object' || b.v !== 1 || typeof b.node !== 'string') {
      return 'the body must be { v: 1, node, checkpoint, auditKey, log, inclusion, consistency }';
    }
    const c = b.checkpoint as Partial<SignedCheckpoint> | undefined;
    if (
      !c ||
      !Number.isInteger(c.seq) ||
      (c.seq as number) < 1 ||
      typeof c.hash !== 'string' ||
      !HEX64.test(c.hash) ||
      typeof c.signature !== 'string'
    ) {
      return 'checkpoint must be a signed audit checkpoint';
    }
    if (typeof b.auditKey?.keyId !== 'string' || typeof b.auditKey.pem !== 'string') {
      return 'auditKey must be { keyId, pem }';
    }
    if (!b.log || b.log.size !== c.seq || typeof b.log.root !== 'string' || !HEX64.test(b.log.root)) {
      return 'log must be { size: the checkpoint seq, root: 64 hex digits }';
    }
    if (!hexList(b.inclusion)) {
      return 'inclusion must be a list of hashes';
    }
    if (
      b.consistency !== null &&
      (typeof b.consistency !== 'object' ||
        !Number.isInteger(b.consistency.from) ||
        !hexList(b.consistency.proof))
    ) {
      return 'consistency must be null or { from, proof }';
    }
    return b as CosignRequest;
  }

  /** Whether the checkpoint is signed by the audit key named and is the last leaf of the log. */
  private checkpointProblem(r: CosignRequest): string | null {
    let key;
    try {
      key = parsePublicKey(r.auditKey.pem);
    } catch (err) {
      return `auditKey: ${(err as Error).message}`;
    }
    if (key.keyId !== r.auditKey.keyId) {
      return 'auditKey.keyId is not the SHA-256 of that key';
    }
    const bad = checkpointSignatureProblem(r.checkpoint, { keyId: key.keyId, key: key.key });
    if (bad) {
      return `the checkpoint: ${bad}`;
    }
    if (
      !verifyLastLeaf(checkpointLeaf(r.checkpoint.hash), r.log.size, r.inclusion.map(buf), buf(r.log.root))
    ) {
      return 'the checkpoint is not the last leaf of the log root (inclusion proof)';
    }
    return null;
  }

  // ---- listing ----

  ofCheckpoint(seq: number): Promise<CosignatureRow[]> {
    return this.cosignatures.ofCheckpoint(this.identity.enabled ? this.identity.origin : '', seq);
  }

  list(limit: number): Promise<CosignatureRow[]> {
    this.inbox.assertEnabled();
    return this.cosignatures.list(limit);
  }
}
