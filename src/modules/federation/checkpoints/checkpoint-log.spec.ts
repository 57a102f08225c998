import { createHash } from 'node:crypto';
import {
  checkpointLeaf,
  consistencyProof,
  lastLeafProof,
  logRoot,
  verifyConsistency,
  verifyLastLeaf,
} from './checkpoint-log';

const leaves = (n: number, salt = 'a') =>
  Array.from({ length: n }, (_, i) =>
    checkpointLeaf(createHash('sha256').update(`${salt}${i}`).digest('hex')),
  );

describe('checkpoint log: RFC 9162 consistency and inclusion proofs', () => {
  it('should prove every tree of 1 to 20 leaves a prefix of every larger one up to 20', () => {
    const all = leaves(20);
    for (let n = 1; n <= 20; n++) {
      const newer = all.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(newer, m);
        expect({
          m,
          n,
          ok: verifyConsistency(m, n, logRoot(all.slice(0, m)), logRoot(newer), proof),
        }).toEqual({
          m,
          n,
          ok: true,
        });
      }
    }
  });

  it('should refuse a proof for a history rewritten below the older size, or for the wrong sizes', () => {
    const all = leaves(13);
    const forked = [...all.slice(0, 4), ...leaves(9, 'b')];
    const proof = consistencyProof(forked, 7);
    expect(verifyConsistency(7, 13, logRoot(all.slice(0, 7)), logRoot(forked), proof)).toBe(false);
    const honest = consistencyProof(all, 7);
    expect(verifyConsistency(7, 13, logRoot(all.slice(0, 7)), logRoot(all), honest)).toBe(true);
    expect(verifyConsistency(6, 13, logRoot(all.slice(0, 7)), logRoot(all), honest)).toBe(false);
    expect(verifyConsistency(7, 13, logRoot(all.slice(0, 7)), logRoot(all), honest.slice(1))).toBe(false);
    // Two heads of one size that differ.
    expect(verifyConsistency(13, 13, logRoot(all), logRoot(forked), [])).toBe(false);
  });

  it('should prove the latest checkpoint is the last leaf of the tree', () => {
    for (let n = 1; n <= 17; n++) {
      const tree = leaves(n);
      expect(verifyLastLeaf(tree[n - 1], n, lastLeafProof(tree), logRoot(tree))).toBe(true);
      expect(n === 1 || verifyLastLeaf(tree[0], n, lastLeafProof(tree), logRoot(tree))).toBe(n === 1);
    }
  });
});
