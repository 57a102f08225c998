import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type FederationConfig, federationConfig } from '@/config/federation.config';
import { loadOrCreateSigningKey } from '@/modules/audit/signing-key';
import { signDetached } from './detached-jws';
import { KeyLogEntry } from './entities/key-log-entry.entity';
import { FederationDisabledError } from './federation.errors';
import { publicJwkOf } from './jwk';
import { pendingPathOf, placeKeyFiles, writeKeyFile } from './key-files';
import {
  applyKeyEvent,
  bodyOf,
  buildInception,
  buildRotation,
  eventDigest,
  type KeyEvent,
  type KeyState,
  verifyKeyLog,
} from './key-log';

/** Serialises appends to the key log across processes (the CLI's rotation, two processes' inception). */
const KEY_LOG_LOCK = '7460100012';

/** This node's identity as its key log establishes it, with the private keys the log names. */
export interface NodeIdentity {
  state: KeyState;
  /** The log as stored (each event with its digest), oldest first. */
  events: (KeyEvent & { digest: string })[];
  current: KeyObject;
}

/**
 * The node's signing identity (NODE_ORIGIN set): the current key (FEDERATION_KEY_PATH), the pre-committed
 * next key (FEDERATION_NEXT_KEY_PATH), and the key log in PostgreSQL that ties them together. On first
 * start it creates both keys (mode 0600) and the inception; on every start, and whenever another process
 * appended to the log, it verifies the whole log and checks that the key files hold exactly the keys the
 * log names (finishing a rotation that stopped between its commit and its file moves).
 */
@Injectable()
export class NodeIdentityService implements OnModuleInit {
  private readonly logger = new Logger('Federation');
  private cached?: NodeIdentity;

  constructor(
    @Inject(federationConfig.KEY) private readonly config: FederationConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get enabled(): boolean {
    return this.config.origin !== null;
  }

  /** This node's origin; 404 FEDERATION_DISABLED when it is not a node. */
  get origin(): string {
    if (this.config.origin === null) {
      throw new FederationDisabledError();
    }
    return this.config.origin;
  }

  get country(): string {
    if (this.config.country === null) {
      throw new FederationDisabledError();
    }
    return this.config.country;
  }

  get allowHttp(): boolean {
    return this.config.allowHttp;
  }

  async onModuleInit(): Promise<void> {
    if (this.enabled) {
      await this.start();
    }
  }

  /** Creates the keys and the inception on a node's first start, then loads and checks the identity. */
  async start(): Promise<NodeIdentity> {
    const origin = this.origin;
    const repo = this.dataSource.getRepository(KeyLogEntry);
    if ((await repo.count()) === 0) {
      const current = this.loadOrCreate(this.config.keyPath, 'FEDERATION_KEY_PATH');
      const next = this.loadOrCreate(this.config.nextKeyPath, 'FEDERATION_NEXT_KEY_PATH');
      const key = publicJwkOf(current);
      const nextKid = publicJwkOf(next).kid;
      if (key.kid === nextKid) {
        throw new Error(
          'FEDERATION_KEY_PATH and FEDERATION_NEXT_KEY_PATH hold the same key; they must differ',
        );
      }
      const inception = await buildInception({
        node: origin,
        key,
        signer: current,
        nextKid,
        createdAt: new Date(),
      });
      await this.dataSource.transaction(async (m) => {
        await m.query('SELECT pg_advisory_xact_lock($1)', [KEY_LOG_LOCK]);
        // Another process of this node may have written it meanwhile (with the same key files).
        if ((await m.getRepository(KeyLogEntry).count()) === 0) {
          await this.append(m, inception);
          this.logger.log({ msg: 'federation key log started', origin, kid: key.kid });
        }
      });
    }
    const identity = await this.identity();
    this.logger.log({
      msg: 'federation node identity ready',
      origin,
      country: this.country,
      kid: identity.state.currentKey.kid,
      keyLogSeq: identity.state.seq,
      fingerprint: identity.state.fingerprint,
    });
    return identity;
  }

  /** The identity at the log's current head (re-read when another process appended to the log). */
  async identity(): Promise<NodeIdentity> {
    const origin = this.origin;
    const repo = this.dataSource.getRepository(KeyLogEntry);
    const [head] = await repo.find({ order: { seq: 'DESC' }, take: 1 });
    if (!head) {
      throw new Error('the federation key log is empty: the node has not started its identity');
    }
    if (this.cached && this.cached.state.seq === head.seq && this.cached.state.head === head.digest.trim()) {
      return this.cached;
    }
    const entries = await repo.find({ order: { seq: 'ASC' } });
    const state = await this.verifyStored(entries, origin);
    const { current } = this.reconcileKeyFiles(state);
    this.cached = {
      state,
      events: entries.map((e) => ({ ...e.event, digest: e.digest.trim() })),
      current,
    };
    return this.cached;
  }

  /** A detached JWS of `value` (JCS) by the current key. */
  async sign(value: unknown): Promise<{ signature: string; kid: string }> {
    const { state, current } = await this.identity();
    return { signature: await signDetached(value, current, state.currentKey.kid), kid: state.currentKey.kid };
  }

  /**
   * Rotates to the pre-committed next key: generates the key after it (written to `<next path>.pending`
   * before anything commits), appends the rotation (revealing the next key, committing to the new one,
   * signed by the current and the revealed key), then moves the files: the next key becomes the current
   * one, the new key the next one. Returns the new head.
   */
  async rotate(now = new Date()): Promise<KeyState> {
    const origin = this.origin;
    const state = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [KEY_LOG_LOCK]);
      const before = await this.verifyStored(
        await m.getRepository(KeyLogEntry).find({ order: { seq: 'ASC' } }),
        origin,
      );
      const { current, next } = this.reconcileKeyFiles(before);
      const fresh = generateKeyPairSync('ed25519').privateKey;
      writeKeyFile(pendingPathOf(this.config.nextKeyPath), fresh);
      const createdAt = now.toISOString() < before.headAt ? new Date(before.headAt) : now;
      const rotation = await buildRotation(before, {
        current,
        revealed: { key: publicJwkOf(next), privateKey: next },
        nextKid: publicJwkOf(fresh).kid,
        createdAt,
      });
      const applied = await applyKeyEvent(before, rotation, origin);
      if (!applied.ok) {
        throw new Error(`the rotation built does not verify: ${applied.reason}`);
      }
      await this.append(m, rotation);
      return applied.state;
    });
    this.cached = undefined;
    this.reconcileKeyFiles(state);
    this.logger.log({
      msg: 'federation key rotated',
      origin,
      kid: state.currentKey.kid,
      keyLogSeq: state.seq,
    });
    return state;
  }

  private async append(m: EntityManager, event: KeyEvent): Promise<void> {
    await m.getRepository(KeyLogEntry).insert({
      seq: event.seq,
      digest: eventDigest(bodyOf(event)),
      type: event.type,
      event,
    });
  }

  private async verifyStored(entries: KeyLogEntry[], origin: string): Promise<KeyState> {
    const verified = await verifyKeyLog(
      entries.map((e) => e.event),
      origin,
    );
    if (!verified.ok) {
      throw new Error(
        `This node's key log (table federation_key_log) does not verify at seq ${String(verified.seq)}: ` +
          `${verified.reason}. If NODE_ORIGIN changed, the log still names the old origin: a new origin is a new ` +
          'identity (a fresh database), to be pinned again by every peer.',
      );
    }
    return verified.state;
  }

  private reconcileKeyFiles(state: KeyState): { current: KeyObject; next: KeyObject } {
    return placeKeyFiles(state, this.config);
  }

  private loadOrCreate(path: string, variable: string): KeyObject {
    try {
      const loaded = loadOrCreateSigningKey(path);
      if (loaded.created) {
        this.logger.log({ msg: 'federation key created', path, variable });
      }
      return loaded.privateKey;
    } catch (err) {
      throw new Error(
        `Cannot load or create the federation key at ${path} (${variable}): ${
          err instanceof Error ? err.message : String(err)
        }`,
        { cause: err },
      );
    }
  }
}
