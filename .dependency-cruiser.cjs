// Module boundaries, checked in CI by `npm run deps:validate` (dependency-cruiser).
// See shared/docs/STYLE.md §3.1: a module under src/modules/<x> owns its entities, repositories and
// DTOs; other modules reach it only through its exported service.
//
// Exceptions: list each one explicitly, as narrowly as possible (exact from/to paths), with the reason.
// There are none at the moment.

/** Paths private to a module: its entities, its repositories and its DTOs. */
const MODULE_PRIVATE = [
  '^src/modules/[^/]+/(entities|repositories|dto)/',
  '^src/modules/[^/]+/.*[.](entity|repository|dto)[.]ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular imports make module load order fragile (undefined at import time, Nest forwardRef). ' +
        'Break the cycle, e.g. by moving the shared piece into a file both can import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-private-entities-repositories-dto',
      severity: 'error',
      comment:
        "A module's entities, repositories and DTOs are its own. Another module under src/modules " +
        'reaches it only through the service the module exports.',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: MODULE_PRIVATE,
        // Same module: allowed. $1 is the module folder captured by from.path.
        pathNot: '^src/modules/$1/',
      },
    },
    {
      name: 'common-not-to-modules',
      severity: 'error',
      comment:
        'src/common is shared infrastructure below the feature modules: it may name their types ' +
        "(`import type`, `import { type X }`, `import('...').X`) but may not load their code.",
      from: { path: '^src/common/' },
      to: { path: '^src/modules/', dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'src-not-to-test',
      severity: 'error',
      comment: 'Production code (and the unit specs next to it) never imports the e2e harness under test/.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing (typo, missing package, broken @/ alias).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|node_modules)/' },
    // Keep type-only imports in the graph (marked "type-only") so that the rule above can tell them apart.
    tsPreCompilationDeps: true,
    // Resolves the @/ alias the same way tsc does.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
