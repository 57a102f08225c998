import { blobEtag, byteRange } from './byte-range';

describe('byteRange', () => {
  it('should answer the whole document without a Range, or for another unit or several ranges', () => {
    expect(byteRange(undefined, 10)).toEqual({ kind: 'whole' });
    expect(byteRange('', 10)).toEqual({ kind: 'whole' });
    expect(byteRange('items=0-1', 10)).toEqual({ kind: 'whole' });
    expect(byteRange('bytes=0-1,4-5', 10)).toEqual({ kind: 'whole' });
  });

  it('should answer a range from an offset to the end, a closed range and a suffix', () => {
    expect(byteRange('bytes=4-', 10)).toEqual({ kind: 'part', start: 4, end: 9 });
    expect(byteRange('bytes=2-5', 10)).toEqual({ kind: 'part', start: 2, end: 5 });
    expect(byteRange('bytes=2-500', 10)).toEqual({ kind: 'part', start: 2, end: 9 });
    expect(byteRange('bytes=-3', 10)).toEqual({ kind: 'part', start: 7, end: 9 });
    expect(byteRange('bytes=-30', 10)).toEqual({ kind: 'part', start: 0, end: 9 });
  });

  it('should refuse a range past the end, reversed, empty or malformed', () => {
    for (const header of ['bytes=10-', 'bytes=11-12', 'bytes=5-2', 'bytes=-0', 'bytes=-', 'bytes=a-b']) {
      expect(byteRange(header, 10)).toMatchObject({ kind: 'unsatisfiable' });
    }
  });

  it('should make the ETag the quoted digest', () => {
    expect(blobEtag('ab'.repeat(32))).toBe(`"${'ab'.repeat(32)}"`);
  });
});
