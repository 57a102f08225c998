import { createHash } from 'node:crypto';
import {
  CHUNK_SIZE,
  chunkedProof,
  chunkRoots,
  leafHash,
  MerkleBuilder,
  merkleRoot,
  MerkleTree,
  nodeHash,
  verifyInclusion,
} from './merkle';

/** The eight leaves of the Certificate Transparency reference tests (RFC 6962 implementations). */
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => Buffer.from(hex, 'hex'));

/** Their roots for the first 1..8 leaves. */
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** MTH straight from the RFC's recursive definition, as the reference. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) {
    return createHash('sha256').digest();
  }
  if (leaves.length === 1) {
    return leaves[0];
  }
  let k = 1;
  while (k * 2 < leaves.length) {
    k *= 2;
  }
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leavesOf = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event-${i}`)));

describe('RFC 6962 Merkle tree', () => {
  it.each(CT_ROOTS.map((root, i) => ({ n: i + 1, root })))(
    'should give the Certificate Transparency root for the first $n reference leaves',
    ({ n, root }) => {
      const leaves = CT_LEAVES.slice(0, n).map(leafHash);
      expect(merkleRoot(leaves).toString('hex')).toBe(root);
      expect(new MerkleTree(leaves).root().toString('hex')).toBe(root);
    },
  );

  it('should give the hash of the empty string for an empty tree', () => {
    expect(merkleRoot([]).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('should build the same root incrementally, level by level and recursively, for 1 to 70 leaves', () => {
    for (let n = 1; n <= 70; n++) {
      const leaves = leavesOf(n);
      const expected = referenceRoot(leaves).toString('hex');
      const builder = new MerkleBuilder();
      leaves.forEach((l) => builder.push(l));
      expect({ n, size: builder.size, root: builder.root().toString('hex') }).toEqual({
        n,
        size: n,
        root: expected,
      });
      expect(new MerkleTree(leaves).root().toString('hex')).toBe(expected);
    }
  });

  it('should prove and verify the inclusion of every leaf of trees of 1 to 40 leaves', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = leavesOf(n);
      const tree = new MerkleTree(leaves);
      for (let m = 0; m < n; m++) {
        const proof = tree.proof(m);
        expect({ n, m, ok: verifyInclusion(leaves[m], m, n, proof, tree.root()) }).toEqual({
          n,
          m,
          ok: true,
        });
      }
    }
  });

  it('should keep proofs short: at most ceil(log2 n) hashes', () => {
    const tree = new MerkleTree(leavesOf(1000));
    for (const m of [0, 1, 511, 512, 998, 999]) {
      expect(tree.proof(m).length).toBeLessThanOrEqual(10);
    }
  });

  describe('verifyInclusion', () => {
    const leaves = leavesOf(13);
    const tree = new MerkleTree(leaves);
    const root = tree.root();
    const m = 6;
    const proof = tree.proof(m);

    it('should refuse another leaf', () => {
      expect(verifyInclusion(leaves[m + 1], m, 13, proof, root)).toBe(false);
    });

    it('should refuse another index', () => {
      expect(verifyInclusion(leaves[m], m + 1, 13, proof, root)).toBe(false);
    });

    it('should refuse a tree size that changes the shape of the path', () => {
      expect(verifyInclusion(leaves[m], m, 8, proof, root)).toBe(false);
      expect(verifyInclusion(leaves[m], m, 17, proof, root)).toBe(false);
    });

    it('should refuse an altered, shortened or lengthened path', () => {
      const altered = proof.map((p, i) => (i === 1 ? leafHash(Buffer.from('x')) : p));
      expect(verifyInclusion(leaves[m], m, 13, altered, root)).toBe(false);
      expect(verifyInclusion(leaves[m], m, 13, proof.slice(0, -1), root)).toBe(false);
      expect(verifyInclusion(leaves[m], m, 13, [...proof, root], root)).toBe(false);
    });

    it('should refuse another root', () => {
      expect(verifyInclusion(leaves[m], m, 13, proof, merkleRoot(leaves.slice(1)))).toBe(false);
    });

    it.each([
      [-1, 13],
      [13, 13],
      [0, 0],
      [1.5, 13],
    ])('should refuse index %p in a tree of %p', (index, size) => {
      expect(verifyInclusion(leaves[0], index, size, proof, root)).toBe(false);
    });
  });

  it('should refuse a proof for an index outside the tree', () => {
    expect(() => new MerkleTree(leavesOf(3)).proof(3)).toThrow(RangeError);
  });

  describe('chunks of 256 leaves', () => {
    it.each([1, 255, 256, 257, 512, 700, 1025])(
      'should give, for %p leaves, the tree root from the chunk roots and every proof from one chunk',
      (n) => {
        const leaves = leavesOf(n);
        const tree = new MerkleTree(leaves);
        const roots = chunkRoots(leaves);
        expect(roots).toHaveLength(Math.ceil(n / CHUNK_SIZE));
        expect(new MerkleTree(roots).root().equals(tree.root())).toBe(true);
        for (const m of new Set([0, 1, n - 1, Math.floor(n / 2), 255, 256, 511].filter((i) => i < n))) {
          const start = m - (m % CHUNK_SIZE);
          const proof = chunkedProof(leaves.slice(start, start + CHUNK_SIZE), roots, m);
          expect({ m, proof: proof.map((h) => h.toString('hex')) }).toEqual({
            m,
            proof: tree.proof(m).map((h) => h.toString('hex')),
          });
        }
      },
    );
  });
});
