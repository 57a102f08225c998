// Cruises trees with the repository's dependency rules (.dependency-cruiser.cjs) through dependency-cruiser's
// programmatic API, for test/architecture/dependency-rules.spec.ts.
//
// dependency-cruiser 17 is ES modules only (its package exports only an "import" condition, and it loads its
// own pieces with dynamic import()); Jest runs our specs as CommonJS, so the spec runs this file in a child
// Node process instead of importing the API itself.
//
// Usage: node test/architecture/cruise.mjs '<json: [{ "baseDir": "<absolute>", "targets": ["src", ...] }, ...]>'
// Prints one JSON array on stdout, one entry per job in the same order:
//   { baseDir, totalCruised, violations: [{ rule, from, to }] }   (paths relative to baseDir)
// baseDir is the root the rules' paths (^src/..., ^test/...) are relative to: the repository for the real tree,
// a fixture folder for a deliberate violation.
import { resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const repositoryRoot = resolve(import.meta.dirname, '..', '..');
const tsConfigFileName = resolve(repositoryRoot, 'tsconfig.json');

const jobs = JSON.parse(process.argv[2] ?? '[]');
const options = await extractDepcruiseOptions(resolve(repositoryRoot, '.dependency-cruiser.cjs'));
const tsConfig = extractTSConfig(tsConfigFileName);

const results = [];
for (const { baseDir, targets } of jobs) {
  const { output } = await cruise(
    targets,
    // The real tsconfig (absolute, as a fixture folder has none): the @/ alias points at the real src/, so
    // fixtures import each other by relative paths only.
    { ...structuredClone(options), baseDir, tsConfig: { fileName: tsConfigFileName } },
    {},
    { tsConfig },
  );
  if (typeof output === 'string') {
    throw new Error(`dependency-cruiser returned a ${options.outputType} report instead of a result object`);
  }
  results.push({
    baseDir,
    totalCruised: output.summary.totalCruised,
    violations: output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })),
  });
}
process.stdout.write(JSON.stringify(results));
