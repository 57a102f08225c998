import { createHash, hash } from 'node:crypto';

/**
 * Merkle trees as in RFC 6962 (Certificate Transparency) section 2.1, restated in RFC 9162 section 2.1:
 * a leaf hashes 0x00 || data, an interior node 0x01 || left || right, and a tree of n leaves splits at k,
 * the largest power of two smaller than n. Our leaves are the 32-byte event hashes, in event id order.
 */

// One-shot hashing of one buffer: the tree hashes hundreds of thousands of nodes.
export function leafHash(data: Buffer): Buffer {
  const input = Buffer.allocUnsafe(1 + data.length);
  input[0] = 0x00;
  data.copy(input, 1);
  return hash('sha256', input, 'buffer');
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  left.copy(input, 1);
  right.copy(input, 1 + left.length);
  return hash('sha256', input, 'buffer');
}

/** The leaf of an audit event: its SHA-256 event hash (64 hex characters) as 32 bytes. */
export function eventLeaf(eventHashHex: string): Buffer {
  return leafHash(Buffer.from(eventHashHex, 'hex'));
}

/**
 * Builds a root from leaf hashes pushed one at a time, keeping only one perfect subtree per bit of the
 * count (log2 n hashes in memory): what a verifier streaming millions of events needs.
 */
export class MerkleBuilder {
  /** Perfect subtrees, largest (leftmost) first, with their sizes. */
  private readonly stack: { size: number; hash: Buffer }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(leaf: Buffer): void {
    let node = { size: 1, hash: leaf };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].size === node.size) {
      const left = this.stack.pop() as { size: number; hash: Buffer };
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.count++;
  }

  /** MTH of the leaves pushed so far: the perfect subtrees folded from the right. */
  root(): Buffer {
    if (this.stack.length === 0) {
      return createHash('sha256').digest();
    }
    let hash = this.stack[this.stack.length - 1].hash;
    for (let i = this.stack.length - 2; i >= 0; i--) {
      hash = nodeHash(this.stack[i].hash, hash);
    }
    return hash;
  }
}

export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  const builder = new MerkleBuilder();
  for (const leaf of leaves) {
    builder.push(leaf);
  }
  return builder.root();
}

/**
 * A whole tree kept level by level, for inclusion proofs. Pairing nodes bottom-up and carrying an unpaired
 * last node up unchanged gives the same tree as RFC 6962's split at the largest power of two.
 */
export class MerkleTree {
  private readonly levels: Buffer[][];

  constructor(leaves: readonly Buffer[]) {
    this.levels = [[...leaves]];
    let level = this.levels[0];
    while (level.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < level.length; i += 2) {
        next.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i]);
      }
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return this.levels[0].length;
  }

  root(): Buffer {
    const top = this.levels[this.levels.length - 1];
    return top.length === 0 ? createHash('sha256').digest() : top[0];
  }

  /** PATH(m, D[n]) of RFC 6962 2.1.1: the sibling hashes from leaf m up to the root, bottom first. */
  proof(index: number): Buffer[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`leaf index ${index} is outside a tree of ${this.size}`);
    }
    const path: Buffer[] = [];
    let m = index;
    for (const level of this.levels.slice(0, -1)) {
      const sibling = m ^ 1;
      if (sibling < level.length) {
        path.push(level[sibling]);
      }
      m >>= 1;
    }
    return path;
  }
}

/**
 * Checks an inclusion proof (RFC 9162 2.1.3.2): recomputes the root from the leaf, its index, the tree
 * size and the path, and compares it with the expected root.
 */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  treeSize: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize) {
    return false;
  }
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) {
      return false;
    }
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/**
 * Leaves per chunk. A tree's nodes at height 8 are the roots of consecutive 256-leaf chunks (the last
 * may be partial); stored with a checkpoint, they let a proof be built from one chunk's leaves and the
 * chunk roots instead of the whole tree.
 */
export const CHUNK_SIZE = 256;

export function chunkRoots(leaves: readonly Buffer[]): Buffer[] {
  const roots: Buffer[] = [];
  for (let start = 0; start < leaves.length; start += CHUNK_SIZE) {
    roots.push(merkleRoot(leaves.slice(start, start + CHUNK_SIZE)));
  }
  return roots;
}

/**
 * The same path as `new MerkleTree(all).proof(m)`, from the leaves of m's chunk and every chunk root:
 * the levels below height 8 lie inside the chunk, the levels above are the tree of chunk roots.
 */
export function chunkedProof(chunkLeaves: readonly Buffer[], roots: readonly Buffer[], m: number): Buffer[] {
  const chunk = Math.floor(m / CHUNK_SIZE);
  return [...new MerkleTree(chunkLeaves).proof(m % CHUNK_SIZE), ...new MerkleTree(roots).proof(chunk)];
}
