import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '@/common/crypto/canonical-json';
import { sha256Hex } from '@/common/crypto/sha256';
import { chunkRoots, eventLeaf, MerkleTree } from './merkle';
import { verifyText } from './signing-key';

/** What a checkpoint states; its signature covers exactly the canonical JSON of these fields. */
export interface CheckpointFields {
  seq: number;
  /** Ids of the first and last events under the root; the range starts after the previous checkpoint. */
  firstEventId: string;
  lastEventId: string;
  treeSize: number;
  /** RFC 6962 Merkle root (hex) over the event hashes, in id order. */
  rootHash: string;
  /** `hash` of the previous checkpoint; null for the first. */
  prevHash: string | null;
  createdAt: string;
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointFields {
  /** SHA-256 of the statement: what the next checkpoint links to. */
  hash: string;
  /** Ed25519 signature of the statement, base64. */
  signature: string;
}

export function checkpointStatement(c: CheckpointFields): string {
  return canonicalJson({
    v: 1,
    kind: 'audit-checkpoint',
    seq: c.seq,
    firstEventId: c.firstEventId,
    lastEventId: c.lastEventId,
    treeSize: c.treeSize,
    rootHash: c.rootHash,
    prevHash: c.prevHash,
    createdAt: c.createdAt,
    keyId: c.keyId,
  });
}

export function checkpointHash(c: CheckpointFields): string {
  return sha256Hex(checkpointStatement(c));
}

/** Who signs: the key's id and a function that signs a text with it. */
export interface Signer {
  keyId: string;
  sign(text: string): string;
}

/**
 * The checkpoint after `prev` over these event hashes (id order), signed, with the roots of its 256-leaf
 * chunks (kept beside it, unsigned, to build inclusion proofs cheaply; the root is computed from them).
 */
export function buildCheckpoint(
  prev: SignedCheckpoint | null,
  leaves: readonly { id: string; hash: string }[],
  signer: Signer,
  createdAt: Date,
): { checkpoint: SignedCheckpoint; chunkRoots: Buffer[] } {
  const chunks = chunkRoots(leaves.map((l) => eventLeaf(l.hash)));
  const fields: CheckpointFields = {
    seq: (prev?.seq ?? 0) + 1,
    firstEventId: leaves[0].id,
    lastEventId: leaves[leaves.length - 1].id,
    treeSize: leaves.length,
    rootHash: new MerkleTree(chunks).root().toString('hex'),
    prevHash: prev?.hash ?? null,
    createdAt: createdAt.toISOString(),
    keyId: signer.keyId,
  };
  const checkpoint = {
    ...fields,
    hash: checkpointHash(fields),
    signature: signer.sign(checkpointStatement(fields)),
  };
  return { checkpoint, chunkRoots: chunks };
}

/** Why `c` does not follow `prev` (the checkpoint of seq - 1, or null before the first), if it does not. */
export function checkpointLinkProblem(c: SignedCheckpoint, prev: SignedCheckpoint | null): string | null {
  const expectedSeq = prev ? prev.seq + 1 : 1;
  if (c.seq !== expectedSeq) {
    return `expected checkpoint ${expectedSeq}, found ${c.seq}`;
  }
  if (c.prevHash !== (prev?.hash ?? null)) {
    return 'prevHash does not match the previous checkpoint';
  }
  if (prev && BigInt(c.firstEventId) <= BigInt(prev.lastEventId)) {
    return 'its events overlap those of the previous checkpoint';
  }
  return null;
}

/** Why `c` is not a checkpoint signed by this key over these fields, if it is not. */
export function checkpointSignatureProblem(
  c: SignedCheckpoint,
  key: { keyId: string; key: KeyObject | string },
): string | null {
  if (BigInt(c.firstEventId) > BigInt(c.lastEventId) || c.treeSize < 1) {
    return 'its event range is empty or reversed';
  }
  if (checkpointHash(c) !== c.hash) {
    return 'hash does not match the checkpoint fields';
  }
  if (c.keyId !== key.keyId) {
    return `signed by key ${c.keyId}, not by key ${key.keyId}`;
  }
  if (!verifyText(key.key, checkpointStatement(c), c.signature)) {
    return 'signature does not verify';
  }
  return null;
}
