// Test kinds are told apart by file name (see docs/testing.md):
//   *.spec.ts      unit: pure logic, no I/O
//   *.int-spec.ts  integration: real Kafka, registry and PostgreSQL
//   *.e2e-spec.ts  end to end: whole services over HTTP on the real infrastructure
//   *.image-spec.ts   the service images, built and run with podman (npm run test:images)
//   *.faults-spec.ts  the fault-injection suite (npm run test:faults), on a stack of its own
const { readFileSync } = require('node:fs');

const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: {
    '^@surge/(contracts|local-infra|messaging|persistence|platform|service-testing|testing)$':
      '<rootDir>/libs/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.surge/'],
};

// One stack for the whole run: the setup starts it once, whichever project comes first.
const realInfrastructure = {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
};

module.exports = {
  // A project cannot set its own; integration tests wait on real brokers.
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...shared,
      ...realInfrastructure,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
    },
    {
      ...shared,
      ...realInfrastructure,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.e2e-spec.ts'],
    },
    // The service images built with podman (npm run test:images builds them first).
    {
      ...shared,
      ...realInfrastructure,
      displayName: 'images',
      testMatch: ['<rootDir>/tools/deploy-check/**/*.image-spec.ts'],
    },
    // Not part of `npm test`'s default projects: it starts and breaks its own stack (npm run test:faults).
    { ...shared, displayName: 'faults', testMatch: ['<rootDir>/apps/fault-suite/**/*.faults-spec.ts'] },
  ],
};
