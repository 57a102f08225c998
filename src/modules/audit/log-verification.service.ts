import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChainChecker, countMismatch } from './audit-hash';
import { AuditSigner } from './audit-signer';
import { AuditRepository } from './audit.repository';
import { checkpointLinkProblem, checkpointSignatureProblem } from './checkpoint-statement';
import { CheckpointRepository } from './checkpoint.repository';
import { toSignedCheckpoint } from './checkpoint.service';
import type { AuditCheckpoint } from './entities/audit-checkpoint.entity';
import { CHUNK_SIZE, eventLeaf, MerkleBuilder, merkleRoot } from './merkle';
import { parsePublicKey } from './signing-key';

/** Events read per round trip; the next batch is fetched while this one is hashed. */
const BATCH = 5000;

export interface LogBreak {
  eventId: string | null;
  requestId: string | null;
  seq: number | null;
  checkpointSeq: number | null;
  reason: string;
}

export interface LogVerification {
  valid: boolean;
  /** Events read and checked. */
  events: number;
  /** Request chains checked. */
  requests: number;
  checkpoints: number;
  /** Events after the last checkpoint (checked by their chains only). */
  uncheckpointedEvents: number;
  /** How many chains and checkpoints are broken. */
  problems: number;
  /** The first problem: the broken event with the lowest id, else the first bad checkpoint, else a chain that is short. */
  brokenAt?: LogBreak;
}

/**
 * Verifies the whole log in one pass over the events in id order: every request's chain (hashes, links,
 * seq, and the count against the request's version) and every checkpoint (link, signature by this node's
 * key, and its Merkle root recomputed from the events it covers).
 */
@Injectable()
export class LogVerificationService {
  private running: Promise<LogVerification> | null = null;

  constructor(
    private readonly events: AuditRepository,
    private readonly checkpoints: CheckpointRepository,
    private readonly signer: AuditSigner,
  ) {}

  /** Concurrent callers share one run. */
  verifyAll(): Promise<LogVerification> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** In one snapshot: a transition committing meanwhile (event and version together) is no alarm. */
  private run(): Promise<LogVerification> {
    return this.events.snapshot((manager) => this.runIn(manager));
  }

  private async runIn(manager: EntityManager): Promise<LogVerification> {
    const key = parsePublicKey(this.signer.publicKey.pem);
    const checkpoints = await this.checkpoints.all(manager);
    const found = new Problems();

    let prev: AuditCheckpoint | null = null;
    for (const c of checkpoints) {
      const signed = toSignedCheckpoint(c);
      const problem =
        checkpointLinkProblem(signed, prev && toSignedCheckpoint(prev)) ??
        checkpointSignatureProblem(signed, key);
      if (problem) {
        found.checkpoint(c.seq, problem);
      }
      prev = c;
    }

    const chains = new Map<string, { checker: ChainChecker; broken: boolean }>();
    let events = 0;
    let uncheckpointed = 0;
    let cp = 0;
    // The current checkpoint's leaves, by 256-leaf chunk: its root is the tree over the chunk roots.
    let leaves = 0;
    let chunk = new MerkleBuilder();
    let chunks: Buffer[] = [];
    const closeCheckpoint = (): void => {
      const c = checkpoints[cp];
      if (chunk.size > 0) {
        chunks.push(chunk.root());
      }
      if (leaves !== c.treeSize) {
        found.checkpoint(c.seq, `covers ${c.treeSize} events but ${leaves} are in its range`);
      } else if (merkleRoot(chunks).toString('hex') !== c.rootHash) {
        found.checkpoint(c.seq, 'its root does not match the events it covers (an event was changed)');
      } else if (c.chunkRoots && !c.chunkRoots.equals(Buffer.concat(chunks))) {
        found.checkpoint(c.seq, 'its chunk roots do not match its events (exports would not verify)');
      }
      cp++;
      leaves = 0;
      chunk = new MerkleBuilder();
      chunks = [];
    };

    let next = this.events.batchAfter('0', BATCH, manager);
    for (;;) {
      const batch = await next;
      if (batch.length === 0) {
        break;
      }
      next =
        batch.length < BATCH
          ? Promise.resolve([])
          : this.events.batchAfter(batch[batch.length - 1].id, BATCH, manager);
      for (const e of batch) {
        events++;
        let chain = chains.get(e.requestId);
        if (!chain) {
          chain = { checker: new ChainChecker(), broken: false };
          chains.set(e.requestId, chain);
        }
        if (!chain.broken) {
          const reason = chain.checker.next(e, e);
          if (reason) {
            chain.broken = true;
            found.event({ eventId: e.id, requestId: e.requestId, seq: e.seq, checkpointSeq: null, reason });
          }
        }
        const id = BigInt(e.id);
        while (cp < checkpoints.length && id > BigInt(checkpoints[cp].lastEventId)) {
          closeCheckpoint();
        }
        if (cp < checkpoints.length) {
          leaves++;
          chunk.push(eventLeaf(e.hash));
          if (chunk.size === CHUNK_SIZE) {
            chunks.push(chunk.root());
            chunk = new MerkleBuilder();
          }
        } else {
          uncheckpointed++;
        }
      }
    }
    while (cp < checkpoints.length) {
      closeCheckpoint();
    }

    const versions = await this.events.requestVersions(manager);
    for (const [requestId, chain] of chains) {
      const version = versions.get(requestId);
      if (chain.broken) {
        continue;
      }
      const reason =
        version === undefined
          ? 'events of a request that does not exist'
          : countMismatch(chain.checker.events, version);
      if (reason) {
        found.request(requestId, chain.checker.events + 1, reason);
      }
    }
    for (const [requestId, version] of versions) {
      if (!chains.has(requestId)) {
        found.request(requestId, 1, countMismatch(0, version) ?? 'no events');
      }
    }

    return {
      valid: found.count === 0,
      events,
      requests: chains.size,
      checkpoints: checkpoints.length,
      uncheckpointedEvents: uncheckpointed,
      problems: found.count,
      ...(found.first ? { brokenAt: found.first } : {}),
    };
  }
}

/** Counts problems and keeps the first of each kind; reports event breaks before checkpoints before requests. */
class Problems {
  count = 0;
  private firstEvent?: LogBreak;
  private firstCheckpoint?: LogBreak;
  private firstRequest?: LogBreak;

  event(b: LogBreak): void {
    this.count++;
    this.firstEvent ??= b;
  }

  checkpoint(seq: number, reason: string): void {
    this.count++;
    this.firstCheckpoint ??= { eventId: null, requestId: null, seq: null, checkpointSeq: seq, reason };
  }

  request(requestId: string, seq: number, reason: string): void {
    this.count++;
    this.firstRequest ??= { eventId: null, requestId, seq, checkpointSeq: null, reason };
  }

  get first(): LogBreak | undefined {
    return this.firstEvent ?? this.firstCheckpoint ?? this.firstRequest;
  }
}
