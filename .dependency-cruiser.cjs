// The layering rules, checked in CI by `npm run deps:validate` (dependency-cruiser, a step of .ci/run).
//
//   src/*.ts, src/config, src/database, src/cli   composition root and infrastructure
//   src/modules/<name>                            feature and channel modules (channels: src/modules/channels.ts)
//   src/workflows                                 the engine; src/workflows/index.ts is its one public face
//   src/common                                    shared infrastructure, imports nothing above it
//   src/test-utils, test/support                  test helpers, for specs only
//   bench, demo, tools, test, scripts             tools: they may use the product, never the reverse
//
// There is no exceptions list, and there must not be one: where a rule does not apply (the TypeORM entity
// list, a spec using a test helper) that is the rule's scope, written in its from/to paths and explained in
// its comment. Every rule fails on a deliberate violation: test/architecture/dependency-rules.spec.ts cruises a
// small fake tree per rule (test/architecture/fixtures/<rule-name>/) with this file, with its baseDir set to the
// fixture, so the paths below (all relative to the repository root, anchored at ^) apply to the fixtures too.

/** Specs: unit specs next to the code, e2e/integration/architecture specs under test/. */
const SPEC = '[.](e2e-)?spec[.]ts$';
/** Test helpers: shared by specs, never by the product or the tools. */
const TEST_HELPERS = '^(src/test-utils|test/support)/';
/** Everything that is not the product: benchmarks, the demo, shared tool code, tests, scripts. */
const TOOLS = '^(bench|demo|tools|test|scripts)/';
/**
 * Product code: what `npm run build` ships in dist/, i.e. src/ without its specs and unit-spec helpers.
 * A `from` that matches this; write it as { path: PRODUCT, pathNot: NOT_PRODUCT }.
 */
const PRODUCT = '^src/';
const NOT_PRODUCT = [SPEC, '^src/test-utils/'];

/** A module's entities (TypeORM classes). */
const MODULE_ENTITIES = ['^src/modules/[^/]+/entities/', '^src/modules/[^/]+/.*[.]entity[.]ts$'];
/** A module's repositories and DTOs (request bodies, queries, responses). */
const MODULE_REPOSITORIES_AND_DTOS = [
  '^src/modules/[^/]+/(repositories|dto)/',
  '^src/modules/[^/]+/.*[.](repository|dto)[.]ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-not-to-modules',
      severity: 'error',
      comment:
        'The engine (src/workflows) knows no feature or channel module, specs included: what it needs from ' +
        'the directory or a State (authorities, periods) it declares as a port (src/workflows/ports.ts) that ' +
        'a module implements, and the channels reach it from the composition root (src/app.module.ts imports ' +
        'src/modules/channels.ts). A new channel must not change a file of the engine.',
      from: { path: '^src/workflows/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'modules-only-engine-public-face',
      severity: 'error',
      comment:
        'Modules use the engine through its one public face, src/workflows/index.ts (`@/workflows`), specs ' +
        "included: anything else under src/workflows is the engine's own and may change without notice. If a " +
        'module needs something that is not exported there, export it there (or ask whether it should).',
      from: { path: '^src/modules/' },
      to: { path: '^src/workflows/', pathNot: '^src/workflows/index[.]ts$' },
    },
    {
      name: 'product-not-to-tools',
      severity: 'error',
      comment:
        'Product code (src/ without specs and src/test-utils; what dist/ and the image ship) never imports ' +
        "benchmarks, the demo, the tools' harness or samples, tests, scripts or test helpers: those are built " +
        'apart (tsconfig.tools.json) and are not in the image. Move what the product needs into src/.',
      from: { path: PRODUCT, pathNot: NOT_PRODUCT },
      to: { path: [TOOLS, '^src/test-utils/'] },
    },
    {
      name: 'common-not-upward',
      severity: 'error',
      comment:
        'src/common is the bottom layer (auth vocabulary and decorators, errors, http middleware, logging, ' +
        'pagination, validation, crypto): it imports only itself and packages, specs included, not the ' +
        'modules, the engine, config, database, cli, the app files (src/*.ts), test helpers or tools. ' +
        'Settings reach it as arguments from the composition root, never by reading src/config.',
      from: { path: '^src/common/' },
      to: { path: ['^src/', TOOLS], pathNot: '^src/common/' },
    },
    {
      name: 'test-helpers-only-from-specs',
      severity: 'error',
      comment:
        'Test helpers (src/test-utils for unit specs, test/support for e2e specs) are imported by specs and by ' +
        'other test helpers only: not by the product, nor by benchmarks, the chaos harness or the demo (code ' +
        'they share with the tests belongs in tools/).',
      from: { pathNot: [SPEC, TEST_HELPERS] },
      to: { path: TEST_HELPERS },
    },
    {
      name: 'module-private-between-modules',
      severity: 'error',
      comment:
        "A module's entities, repositories and DTOs are its own. Another module reaches it only through what " +
        'its Nest module exports (its service), or through a port of the engine.',
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: [...MODULE_ENTITIES, ...MODULE_REPOSITORIES_AND_DTOS],
        // Same module: allowed. $1 is the module folder captured by from.path.
        pathNot: '^src/modules/$1/',
      },
    },
    {
      name: 'module-repositories-dtos-private',
      severity: 'error',
      comment:
        'Outside src/modules, product code (the composition root, cli, database, config) does not reach into a ' +
        "module's repositories or DTOs either: it goes through the module's exported service.",
      from: { path: PRODUCT, pathNot: [...NOT_PRODUCT, '^src/modules/[^/]+/'] },
      to: { path: MODULE_REPOSITORIES_AND_DTOS },
    },
    {
      name: 'module-entities-only-in-entity-list',
      severity: 'error',
      comment:
        "Outside src/modules, a module's entities are named by one product file only: src/database/entities.ts, " +
        'the TypeORM entity list. The DataSource (the app, the migrations, the migration drift check) needs ' +
        'every entity class of every module at one place, and that list is the composition root of the ' +
        "persistence layer. Hence it is outside this rule's scope (from.pathNot), for entities only: its " +
        'imports of repositories or DTOs are still caught by module-repositories-dtos-private.',
      from: {
        path: PRODUCT,
        pathNot: [...NOT_PRODUCT, '^src/modules/[^/]+/', '^src/database/entities[.]ts$'],
      },
      to: { path: MODULE_ENTITIES },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular imports make module load order fragile (undefined at import time, Nest forwardRef), ' +
        'type-only imports included. Break the cycle, e.g. by moving the shared piece into a file both can ' +
        'import.',
      from: {},
      to: { circular: true },
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
    // The fixtures of the rules' spec are deliberate violations; the spec cruises each one on its own.
    exclude: { path: ['^(dist|build|coverage|node_modules)/', '^test/architecture/fixtures/'] },
    // Keep type-only imports in the graph: a type-only import is a dependency too (the rules apply to it).
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
