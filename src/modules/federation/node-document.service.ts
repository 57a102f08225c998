import { Injectable } from '@nestjs/common';
import { AuthoritiesService } from '@/modules/authorities/authorities.service';
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

/** This node's public federation documents: the signed node document and the key log. */
@Injectable()
export class NodeDocumentService {
  constructor(
    private readonly identity: NodeIdentityService,
    private readonly authorities: AuthoritiesService,
  ) {}

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
