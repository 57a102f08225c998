/**
 * Three tiers: unit specs next to the code, integration specs of one piece against a real PostgreSQL, and e2e
 * specs that boot the app against real PostgreSQL and a real queue backend (Redis or PostgreSQL).
 * NestJS 12 ships as ES modules, which Node 20 can require() but Jest (before Node 24.9) cannot: SWC
 * compiles both our TypeScript and those packages to CommonJS for the test run.
 */
const swcTs = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true }, module: { type: 'commonjs' } }];
const swcJs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022', keepClassNames: true }, module: { type: 'commonjs' } }];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swcTs, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|strtok3|token-types|peek-readable|@tokenizer|uint8array-extras|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  // The dependency rules' fixtures are fake trees (some named *.spec.ts), read by dependency-cruiser, never run.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/architecture/fixtures/'],
};
/**
 * Integration and e2e tests run on the PostgreSQL of TEST_PG_ADMIN_URL (default: the embedded one, started
 * by globalSetup) and on the Redis of TEST_REDIS_URL (default: none, the queues then run on PostgreSQL).
 */
const services = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
const queuesOnRedis = Boolean(process.env.TEST_REDIS_URL);
const REDIS_FAULT_SUITES = ['<rootDir>/test/e2e/durability.e2e-spec.ts', '<rootDir>/test/e2e/clocks-durability.e2e-spec.ts'];
module.exports = {
  projects: [
    // Unit: specs next to the code, and the architecture specs (dependency rules) under test/architecture.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/architecture/**/*.spec.ts'] },
    // Integration: one piece (e.g. the change statement) against a real PostgreSQL, without the application.
    { ...common, ...services, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    {
      ...common,
      ...services,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // The Redis fault-injection suites (a private redis-server flushed, stopped, restarted) run when the
      // queues run on Redis; with the queues on PostgreSQL, queue-loss.e2e-spec.ts covers the same ground.
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, ...(queuesOnRedis ? [] : REDIS_FAULT_SUITES)],
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 60000,
  // Jest's default (one worker less than the cores) runs in band on a 2-core machine, leaving one core idle
  // while e2e files wait on PostgreSQL and timers: two workers there took 63 s where one took 107 s.
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
};
