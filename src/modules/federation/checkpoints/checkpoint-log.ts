import { leafHash, MerkleTree, merkleRoot, nodeHash, verifyInclusion } from '@/modules/audit/merkle';

/**
 * The log of a node's signed audit checkpoints, as a Merkle tree (RFC 9162 section 2.1) whose leaves are the
 * checkpoint hashes in seq order: its size is the latest checkpoint's seq. A peer cosigns the tree head only
 * after checking that the tree it cosigned before is a prefix of it (a consistency proof, RFC 9162 2.1.4), so
 * a node cannot show two histories: two heads of one size, or one that does not extend the other, are caught.
 */

/** The leaf of a checkpoint: the RFC 6962 leaf hash of its 32-byte hash. */
export function checkpointLeaf(checkpointHashHex: string): Buffer {
  return leafHash(Buffer.from(checkpointHashHex, 'hex'));
}

export function logRoot(leaves: readonly Buffer[]): Buffer {
  return merkleRoot(leaves);
}

/** Inclusion proof of the last leaf (the latest checkpoint) in the tree of all of them. */
export function lastLeafProof(leaves: readonly Buffer[]): Buffer[] {
  return new MerkleTree(leaves).proof(leaves.length - 1);
}

export function verifyLastLeaf(leaf: Buffer, size: number, proof: readonly Buffer[], root: Buffer): boolean {
  return verifyInclusion(leaf, size - 1, size, proof, root);
}

/** Largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) {
    k *= 2;
  }
  return k;
}

function subproof(m: number, leaves: readonly Buffer[], complete: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) {
    return complete ? [] : [merkleRoot(leaves)];
  }
  const k = split(n);
  if (m <= k) {
    return [...subproof(m, leaves.slice(0, k), complete), merkleRoot(leaves.slice(k))];
  }
  return [...subproof(m - k, leaves.slice(k), false), merkleRoot(leaves.slice(0, k))];
}

/** PROOF(m, D[n]) of RFC 9162 2.1.4.1: that the tree of the first m leaves is a prefix of the tree of all. */
export function consistencyProof(leaves: readonly Buffer[], m: number): Buffer[] {
  if (!Number.isInteger(m) || m < 1 || m > leaves.length) {
    throw new RangeError(`no consistency proof from ${m} in a tree of ${leaves.length}`);
  }
  return subproof(m, leaves, true);
}

/** Checks a consistency proof (RFC 9162 2.1.4.2) from the tree (m, oldRoot) to the tree (n, newRoot). */
export function verifyConsistency(
  m: number,
  n: number,
  oldRoot: Buffer,
  newRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || m > n) {
    return false;
  }
  if (m === n) {
    return proof.length === 0 && oldRoot.equals(newRoot);
  }
  const path = (m & (m - 1)) === 0 ? [oldRoot, ...proof] : [...proof];
  if (path.length === 0) {
    return false;
  }
  let fn = m - 1;
  let sn = n - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) {
      return false;
    }
    if (fn & 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!(fn & 1) && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}
