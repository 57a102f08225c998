/**
 * The dependency rules (.dependency-cruiser.cjs, run in CI by `npm run deps:validate`) fail on a deliberate
 * violation, each one, and hold on the real tree.
 *
 * Each rule has a small fake tree under test/architecture/fixtures/<rule-name>/ mirroring the real paths
 * (src/workflows/..., src/modules/x/..., bench/..., test/support/...): files that break the rule, and files next
 * to them that the rule must let through (its scope). The real configuration cruises each fixture with its
 * baseDir set to the fixture folder, so the rules' paths (^src/..., relative to the root) apply unchanged, and
 * the spec asserts that exactly the expected imports are reported, all of them by that one rule.
 *
 * The fixtures are never compiled, linted or run (tsconfig.json, eslint.config.mjs and jest.config.js leave
 * test/architecture/fixtures out, and the real cruise excludes them); they import each other by relative paths.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface Violation {
  rule: string;
  from: string;
  to: string;
}

interface CruiseOutcome {
  baseDir: string;
  totalCruised: number;
  violations: Violation[];
}

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');

/** What each rule's fixture must produce: every import (from → to) the rule reports, and nothing else. */
const EXPECTED: Record<string, [from: string, to: string][]> = {
  'engine-not-to-modules': [
    ['src/workflows/bad.spec.ts', 'src/modules/x/x.service.ts'],
    ['src/workflows/bad.ts', 'src/modules/x/x.service.ts'],
  ],
  'modules-only-engine-public-face': [
    ['src/modules/channels.ts', 'src/workflows/internal.ts'],
    ['src/modules/x/bad.spec.ts', 'src/workflows/internal.ts'],
    ['src/modules/x/bad.ts', 'src/workflows/internal.ts'],
  ],
  'product-not-to-tools': [
    ['src/cli/bad.ts', 'scripts/lifecycle-docs.ts'],
    ['src/config/bad.ts', 'tools/harness/processes.ts'],
    ['src/database/bad.ts', 'test/chaos/chaos.ts'],
    ['src/main.ts', 'demo/demo.ts'],
    ['src/modules/x/bad.ts', 'bench/throughput.ts'],
    ['src/workflows/bad.ts', 'tools/samples/drafts.ts'],
  ],
  'common-not-upward': [
    ['src/common/auth/principal.spec.ts', 'src/test-utils/auto-mock.ts'],
    ['src/common/auth/principal.ts', 'src/modules/x/x.service.ts'],
    ['src/common/http/config.ts', 'src/config/http.config.ts'],
    ['src/common/http/health.ts', 'src/workflows/index.ts'],
    ['src/common/lifecycle/app.ts', 'src/app.module.ts'],
    ['src/common/logging/args.ts', 'src/cli/args.ts'],
    ['src/common/logging/pool.ts', 'src/database/pool-query.ts'],
  ],
  'test-helpers-only-from-specs': [
    ['bench/throughput.ts', 'test/support/test-app.ts'],
    ['demo/demo.ts', 'test/support/test-app.ts'],
    ['test/chaos/chaos.ts', 'src/test-utils/machine-fixtures.ts'],
    ['tools/samples/drafts.ts', 'src/test-utils/machine-fixtures.ts'],
  ],
  'module-private-between-modules': [
    ['src/modules/a/a.service.spec.ts', 'src/modules/b/b.repository.ts'],
    ['src/modules/a/bad-dto.ts', 'src/modules/b/dto/b.response.ts'],
    ['src/modules/a/bad-entity.ts', 'src/modules/b/entities/b.entity.ts'],
    ['src/modules/a/bad-repository.ts', 'src/modules/b/b.repository.ts'],
  ],
  'module-repositories-dtos-private': [
    ['src/app.module.ts', 'src/modules/x/dto/x.dto.ts'],
    ['src/cli/bad.ts', 'src/modules/x/x.repository.ts'],
    ['src/database/entities.ts', 'src/modules/x/x.repository.ts'],
    ['src/modules/channels.ts', 'src/modules/x/dto/x.dto.ts'],
  ],
  'module-entities-only-in-entity-list': [
    ['src/cli/bad.ts', 'src/modules/x/entities/x.entity.ts'],
    ['src/database/bad.ts', 'src/modules/x/audit-checkpoint.entity.ts'],
  ],
  // One cycle, a → b → a (b's import of a is type-only), reported once.
  'no-circular': [['src/modules/x/a.ts', 'src/modules/x/b.ts']],
  'not-to-unresolvable': [['src/modules/x/bad.ts', './missing']],
};

/** The folders `npm run deps:validate` cruises: the real tree is checked here exactly as CI checks it. */
function foldersValidatedInCi(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const words = scripts['deps:validate'].split(/\s+/);
  return words.slice(words.indexOf('.dependency-cruiser.cjs') + 1);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

/** Runs every cruise in one child process (test/architecture/cruise.mjs says why it is a child process). */
function cruiseAll(jobs: { baseDir: string; targets: string[] }[]): CruiseOutcome[] {
  const stdout = execFileSync(process.execPath, [join(__dirname, 'cruise.mjs'), JSON.stringify(jobs)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as CruiseOutcome[];
}

const byPath = (a: Violation, b: Violation): number =>
  a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.rule.localeCompare(b.rule);

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  const config = jest.requireActual<{ forbidden: { name: string; comment?: string }[] }>(
    join(ROOT, '.dependency-cruiser.cjs'),
  );
  const ruleNames = config.forbidden.map((rule) => rule.name);
  const fixtureNames = readdirSync(FIXTURES).sort();
  const outcomes = new Map<string, CruiseOutcome>();

  beforeAll(() => {
    const jobs = [
      { baseDir: ROOT, targets: foldersValidatedInCi() },
      ...fixtureNames.map((name) => ({
        baseDir: join(FIXTURES, name),
        targets: readdirSync(join(FIXTURES, name)),
      })),
    ];
    const [real, ...fixtures] = cruiseAll(jobs);
    outcomes.set('(real tree)', real);
    fixtureNames.forEach((name, i) => outcomes.set(name, fixtures[i]));
  });

  it('has a fixture for every rule, and a rule for every fixture, each with a comment saying why', () => {
    expect(fixtureNames).toEqual([...ruleNames].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...ruleNames].sort());
    for (const rule of config.forbidden) {
      expect(rule.comment ?? '').not.toBe('');
    }
  });

  it('cruises the folders CI validates, which exist', () => {
    const folders = foldersValidatedInCi();
    expect(folders).toEqual(expect.arrayContaining(['src', 'test']));
    expect(readdirSync(ROOT)).toEqual(expect.arrayContaining(folders));
  });

  it('finds no violation in the real tree', () => {
    const real = outcomes.get('(real tree)')!;
    expect(real.totalCruised).toBeGreaterThan(200);
    expect(real.violations).toEqual([]);
  });

  it.each(Object.keys(EXPECTED))('%s fails on its deliberate violations, and only on them', (name) => {
    const outcome = outcomes.get(name)!;
    // Every file of the fixture was cruised (a file missed would hide a violation).
    expect(outcome.totalCruised).toBeGreaterThanOrEqual(filesUnder(join(FIXTURES, name)).length);
    const expected = EXPECTED[name].map(([from, to]) => ({ rule: name, from, to })).sort(byPath);
    expect(expected.length).toBeGreaterThan(0);
    expect([...outcome.violations].sort(byPath)).toEqual(expected);
  });
});
