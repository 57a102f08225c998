#!/usr/bin/env node
/*
 * Completes package-lock.json with the platform-specific optional packages it lacks, so that `npm ci`
 * accepts it.
 *
 * Why: packages such as @swc/core, msgpackr-extract and unrs-resolver list one optional package per
 * platform (@swc/core-darwin-arm64, ...). A lock file written where the registry does not serve some of
 * those versions (as on our build machines) has no entry for them, and `npm ci` then refuses it:
 * "Missing: @swc/core-darwin-arm64@ from lock file". This adds an entry for each one, with the exact
 * version its parent pins and the os/cpu/libc read from its name, so that npm skips it on every other
 * platform without asking the registry, and installs it (by version) on its own platform.
 *
 * Usage: node scripts/lockfile-platform-stubs.js          add the missing entries (idempotent)
 *        node scripts/lockfile-platform-stubs.js --check  only list them; exit 1 if any
 * Run it after an `npm install` that rewrote the lock file, then check with `npm ci --dry-run`.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const OS = [
  'darwin',
  'linux',
  'win32',
  'android',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'loong64', 'riscv64', 'mips64el'];

const lockPath = path.join(__dirname, '..', 'package-lock.json');
const checkOnly = process.argv.includes('--check');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

/** Where Node would find `name` from the package at `from` (own node_modules, then each parent's). */
function resolve(from, name) {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) {
      return candidate;
    }
    if (!base) {
      return null;
    }
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/** os, cpu and libc from a name like @swc/core-linux-arm-gnueabihf or @unrs/resolver-binding-win32-x64-msvc. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!os || !cpu) {
    return null;
  }
  const platform = { cpu: [cpu], os: [os] };
  if (os === 'linux') {
    if (parts.some((p) => p.startsWith('musl'))) {
      platform.libc = ['musl'];
    } else if (parts.some((p) => p.startsWith('gnu'))) {
      platform.libc = ['glibc'];
    }
  }
  return platform;
}

const added = [];
const problems = [];
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolve(location, name)) {
      continue;
    }
    const platform = platformOf(name);
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(spec) || !platform) {
      problems.push(`${location} -> ${name}@${spec}: not an exact version or no platform in the name`);
      continue;
    }
    // Next to the parent's own install location when the top level holds another version.
    const top = `node_modules/${name}`;
    const target = packages[top] ? `${location}/node_modules/${name}` : top;
    const stub = { version: spec, cpu: platform.cpu };
    if (entry.dev) {
      stub.dev = true;
    }
    if (platform.libc) {
      stub.libc = platform.libc;
    }
    stub.optional = true;
    stub.os = platform.os;
    packages[target] = stub;
    added.push(
      `${target}@${spec} (${platform.os}/${platform.cpu}${platform.libc ? `/${platform.libc}` : ''})`,
    );
  }
}

for (const line of added) {
  process.stdout.write(`${checkOnly ? 'missing' : 'added'}: ${line}\n`);
}
for (const line of problems) {
  process.stderr.write(`cannot complete: ${line}\n`);
}
if (checkOnly) {
  process.exit(added.length + problems.length > 0 ? 1 : 0);
}
if (added.length > 0) {
  // npm's own order: the root package first, then locations sorted.
  const sorted = {};
  for (const key of Object.keys(packages).sort((a, b) => a.localeCompare(b, 'en'))) {
    sorted[key] = packages[key];
  }
  lock.packages = sorted;
  fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
}
process.stdout.write(`package-lock.json: ${added.length} platform entries added\n`);
process.exit(problems.length > 0 ? 1 : 0);
