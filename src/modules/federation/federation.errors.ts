import { DomainError, NotFoundError, ValidationFailedError } from '@/common/errors/domain-error';
import type { PeerStatus } from './entities/federation-peer.entity';

/** Any federation route on an installation without NODE_ORIGIN: it is not a node (404, as for no route). */
export class FederationDisabledError extends NotFoundError {
  constructor() {
    super('Federation node (NODE_ORIGIN is not set on this installation)');
  }
}

export class PeerNotFoundError extends NotFoundError {
  constructor() {
    super('Peer');
  }
}

/** The peer's node document or key log could not be fetched (400 naming `origin`; nothing stored). */
export class PeerUnreachableError extends ValidationFailedError {
  constructor(origin: string, why: string) {
    super(
      [{ field: 'origin', messages: [`no node document from ${origin}: ${why}`] }],
      `Could not fetch the node document of ${origin}: ${why}`,
      'PEER_UNREACHABLE',
    );
  }
}

/** The peer's node document or key log does not verify (400 naming `origin`; nothing stored). */
export class PeerDocumentInvalidError extends ValidationFailedError {
  constructor(origin: string, problems: string[]) {
    super(
      [{ field: 'origin', messages: problems }],
      `The node document of ${origin} is refused: ${problems[0] ?? 'invalid'}`,
      'PEER_DOCUMENT_INVALID',
    );
  }
}

export class PeerExistsError extends DomainError {
  constructor(id: string, status: PeerStatus) {
    super(
      'PEER_EXISTS',
      'conflict',
      `This origin is already a peer (${status}); suspend or resume it instead`,
      {
        id,
        status,
      },
    );
  }
}

/** Four eyes: the admin who added (or last re-fetched) a peer cannot also confirm it. */
export class FourEyesError extends DomainError {
  constructor() {
    super(
      'FOUR_EYES_REQUIRED',
      'forbidden',
      'The admin who added this peer cannot confirm it: a second admin must check the fingerprint',
    );
  }
}

export class PeerStatusError extends DomainError {
  constructor(code: string, message: string, status: PeerStatus) {
    super(code, 'conflict', message, { status });
  }
}

export class FingerprintMismatchError extends DomainError {
  constructor() {
    super('FINGERPRINT_MISMATCH', 'conflict', 'The fingerprint does not match the one this peer presented', [
      {
        field: 'fingerprint',
        messages: [
          'does not match the fingerprint of the node document fetched when the peer was added; nothing was pinned',
        ],
      },
    ]);
  }
}

/**
 * An envelope refused by the inbox, with the signed rejection receipt in `details.receipt`: 401
 * (`UNKNOWN_PEER`, `SIGNATURE_INVALID`, `CLOCK_SKEW`, `KEY_ROTATION_REFUSED`), 403 (`PEER_SUSPENDED`,
 * `MISDIRECTED`, `NOT_PARTY`), 409 (`CONFLICT`) or 400 (`ENVELOPE_INVALID`, `AGREEMENT_MISMATCH`); see
 * docs/federation.md "What the inbox refuses".
 */
export class EnvelopeRejectedError extends DomainError {
  constructor(
    code: string,
    kind: 'unauthenticated' | 'forbidden' | 'conflict' | 'invalid',
    message: string,
    receipt: unknown,
  ) {
    super(code, kind, message, { receipt });
  }
}
