import { Injectable } from '@nestjs/common';
import type { Principal } from '@/common/auth/principal';
import { ValidationFailedError } from '@/common/errors/domain-error';
import { DeclarationsService } from '@/modules/jurisdictions/declarations.service';
import { detachedKid, verifyDetached } from './detached-jws';
import { PeerNotFoundError, PeerUnreachableError } from './federation.errors';
import { DECLARATIONS_DOCUMENT_VERSION, DECLARATIONS_PATH } from './node-document.service';
import { PeerClient } from './peer-client';
import { PeersRepository } from './peers.repository';

/** The version written here (the register's response). */
export type ImportedDeclarations = Awaited<ReturnType<DeclarationsService['importRecord']>>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The peer's declarations document does not verify (400 naming `declarations`; nothing written). */
export class PeerDeclarationsInvalidError extends ValidationFailedError {
  constructor(origin: string, problems: string[]) {
    super(
      [{ field: 'declarations', messages: problems }],
      `The declarations of ${origin} are refused: ${problems[0] ?? 'invalid'}`,
      'PEER_DECLARATIONS_INVALID',
    );
  }
}

/**
 * Imports a pinned peer's published declarations (GET /federation/v1/declarations on its node): signed by
 * the key pinned for it, for the peer's own State, valid as any record; written as a new version of that
 * State's declarations here, noting where it came from.
 */
@Injectable()
export class PeerDeclarationsService {
  constructor(
    private readonly repository: PeersRepository,
    private readonly client: PeerClient,
    private readonly declarations: DeclarationsService,
  ) {}

  async importFrom(peerId: string, principal: Principal): Promise<ImportedDeclarations> {
    const peer = (await this.repository.list()).find((p) => p.id === peerId);
    if (!peer) {
      throw new PeerNotFoundError();
    }
    if (peer.status !== 'PINNED') {
      throw new PeerDeclarationsInvalidError(peer.origin, [
        `the peer is ${peer.status}: only a pinned peer's declarations are imported`,
      ]);
    }
    const fetched = await this.client.getJson(`${peer.origin}${DECLARATIONS_PATH}`);
    if (!fetched.ok) {
      throw new PeerUnreachableError(peer.origin, fetched.why);
    }
    const doc = fetched.body;
    if (!isObject(doc)) {
      throw new PeerDeclarationsInvalidError(peer.origin, ['the document is not a JSON object']);
    }
    const { signature, ...body } = doc;
    const problems: string[] = [];
    if (body.v !== DECLARATIONS_DOCUMENT_VERSION) {
      problems.push(`v must be ${DECLARATIONS_DOCUMENT_VERSION}`);
    }
    if (body.origin !== peer.origin) {
      problems.push(`origin must be ${peer.origin}`);
    }
    if (body.country !== peer.country) {
      problems.push(`country must be the peer's State, ${peer.country}`);
    }
    const key = peer.keyState.currentKey;
    if (detachedKid(signature) !== key.kid || !(await verifyDetached(body, signature, key))) {
      problems.push(`the signature does not verify with the key pinned for the peer (${key.kid})`);
    }
    if (problems.length > 0) {
      throw new PeerDeclarationsInvalidError(peer.origin, problems);
    }
    const version = typeof body.version === 'number' ? body.version : null;
    return this.declarations.importRecord(
      peer.country,
      body.declarations,
      `fetched from ${peer.origin}${version === null ? '' : ` (version ${version} there)`}, signed by ${key.kid}`,
      principal,
    );
  }
}
