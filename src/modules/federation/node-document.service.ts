import { Injectable } from '@nestjs/common';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
import { DeclarationsService } from '@/modules/jurisdictions/declarations.service';
import { signDetached } from './detached-jws';
import type { KeyEvent } from './key-log';
import {
  endpointsOf,
  NODE_DOCUMENT_VERSION,
  type NodeAuthority,
  type NodeDocument,
  signNodeDocument,
} from './node-document';
import { NodeIdentityService } from './node-identity.service';

/** What GET /federation/v1/key-log serves. */
export interface KeyLogDocument {
  node: string;
  /** Hex SHA-256 of the inception event. */
  fingerprint: string;
  head: { seq: number; digest: string };
  /** Every event, oldest first, each with its digest (recomputed by any verifier). */
  events: (KeyEvent & { digest: string })[];
}

/** Path of a node's own State's declarations (issue 15: a node publishes its own). */
export const DECLARATIONS_PATH = '/federation/v1/declarations';
export const DECLARATIONS_DOCUMENT_VERSION = 1;

/** What GET /federation/v1/declarations serves: the node State's current declarations, signed. */
export interface DeclarationsDocument {
  v: typeof DECLARATIONS_DOCUMENT_VERSION;
  origin: string;
  country: string;
  /** The version in the node's register (0: nothing declared). */
  version: number;
  /** SHA-256 of that version in the node's hash-chained register; null at version 0. */
  hash: string | null;
  writtenAt: string | null;
  declarations: Record<string, unknown>;
  issuedAt: string;
  /** Detached JWS by the node's current key over the JCS form of the other members. */
  signature: string;
}

/** This node's public federation documents: the signed node document, the key log, its declarations. */
@Injectable()
export class NodeDocumentService {
  constructor(
    private readonly identity: NodeIdentityService,
    private readonly authorities: AuthoritiesService,
    private readonly declarationsRegister: DeclarationsService,
  ) {}

  /** The declarations of the node's own State (NODE_COUNTRY), signed now by the current key. */
  async declarations(): Promise<DeclarationsDocument> {
    const origin = this.identity.origin;
    const country = this.identity.country;
    const { state, current } = await this.identity.identity();
    const own = await this.declarationsRegister.current(country);
    const body: Omit<DeclarationsDocument, 'signature'> = {
      v: DECLARATIONS_DOCUMENT_VERSION,
      origin,
      country,
      version: own.version,
      hash: own.hash,
      writtenAt: own.writtenAt,
      declarations: own.declarations as Record<string, unknown>,
      issuedAt: new Date().toISOString(),
    };
    return { ...body, signature: await signDetached(body, current, state.currentKey.kid) };
  }

  /**
   * The node document, signed now by the current key. It lists the authorities this node hosts of its own
   * State (NODE_COUNTRY), never the remote ones it knows of.
   */
  async document(): Promise<NodeDocument> {
    const origin = this.identity.origin;
    const country = this.identity.country;
    const { state, current } = await this.identity.identity();
    const authorities: NodeAuthority[] = (await this.authorities.localAuthorities(country)).map((a) => ({
      id: a.id,
      code: a.code,
      name: a.name,
      kind: a.kind,
      languages: [...a.languages],
    }));
    return signNodeDocument(
      {
        v: NODE_DOCUMENT_VERSION,
        origin,
        country,
        authorities,
        keys: [state.currentKey],
        nextKeyDigest: state.nextKeyDigest,
        keyLog: { fingerprint: state.fingerprint, seq: state.seq, head: state.head },
        endpoints: endpointsOf(origin),
        issuedAt: new Date().toISOString(),
      },
      current,
      state.currentKey.kid,
    );
  }

  async keyLog(): Promise<KeyLogDocument> {
    const origin = this.identity.origin;
    const { state, events } = await this.identity.identity();
    return {
      node: origin,
      fingerprint: state.fingerprint,
      head: { seq: state.seq, digest: state.head },
      events,
    };
  }
}
