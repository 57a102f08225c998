import { parsePidFile } from './pid-file';

describe('parsePidFile', () => {
  it('should read the pid, the data folder and the port of a running server', () => {
    const text =
      '4242\n/work/var/embedded-postgres/data\n1764576000\n54321\n\n127.0.0.1\n  1234567   65538\nready   \n';
    expect(parsePidFile(text)).toEqual({
      pid: 4242,
      dataDir: '/work/var/embedded-postgres/data',
      port: 54321,
    });
  });

  it.each([
    { why: 'an empty file', text: '' },
    { why: 'a file cut before the port', text: '4242\n/data\n' },
    { why: 'a pid that is not a number', text: 'x\n/data\n1\n5432\n' },
    { why: 'a negative pid (a standalone backend)', text: '-4242\n/data\n1\n5432\n' },
  ])('should find nothing in $why', ({ text }) => {
    expect(parsePidFile(text)).toBeNull();
  });
});
