// Jest globalSetup for the integration project: brings up (or is handed) real
// Kafka, a Confluent-API schema registry and PostgreSQL, gives every service
// its own migrated database, and hands the endpoints to the test workers
// through process.env (workers are forked after this runs, so they inherit it).
//
//   default                  startStack on the test ports, fresh .surge/test
//   SURGE_TEST_KAFKA_BROKERS, SURGE_TEST_REGISTRY_URL, SURGE_TEST_POSTGRES_URL
//                            use those servers, start nothing
//   TEST_INFRA=testcontainers  containers on a reachable Docker engine
import {
  MigrationError,
  SERVICES,
  StackError,
  hasMigrations,
  migrate,
  provisionDatabases,
  stackConfig,
  startStack,
  upperSnake,
} from '@surge/local-infra';
import type { TestInfra } from './test-infra';

declare global {
  // Read by global-teardown.ts, which Jest runs in this same process.
  var __SURGE_TEST_INFRA__: TestInfra | undefined;
}

const log = (line: string): void => {
  process.stderr.write(`[test-infra] ${line}\n`);
};

const GIVEN = ['SURGE_TEST_KAFKA_BROKERS', 'SURGE_TEST_REGISTRY_URL', 'SURGE_TEST_POSTGRES_URL'] as const;

function givenEndpoints(env: NodeJS.ProcessEnv): TestInfra | undefined {
  const present = GIVEN.filter((name) => env[name]);
  if (present.length === 0) return undefined;
  if (present.length < GIVEN.length) {
    // SURGE_TEST_POSTGRES_URL alone means "start Kafka and the registry, use this PostgreSQL".
    if (present.length === 1 && present[0] === 'SURGE_TEST_POSTGRES_URL') return undefined;
    const missing = GIVEN.filter((name) => !env[name]);
    throw new StackError(
      `test infrastructure is partly configured: set ${missing.join(' and ')} too, or unset ${present.join(', ')}`,
    );
  }
  log('using the Kafka, registry and PostgreSQL given in SURGE_TEST_*');
  return {
    kafkaBrokers: (env.SURGE_TEST_KAFKA_BROKERS ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    registryUrl: env.SURGE_TEST_REGISTRY_URL ?? '',
    postgresAdminUrl: env.SURGE_TEST_POSTGRES_URL ?? '',
    stop: async () => undefined,
  };
}

async function ownStack(): Promise<TestInfra> {
  // A fresh data dir every run: no test sees another run's topics, schemas or rows.
  const stack = await startStack({ ...stackConfig('test'), fresh: true, log });
  return {
    kafkaBrokers: stack.kafkaBrokers,
    registryUrl: stack.registryUrl,
    postgresAdminUrl: stack.postgres.adminUrl,
    stop: () => stack.stop(),
  };
}

async function testcontainers(): Promise<TestInfra> {
  // Loaded only in this mode: the default run never needs Docker libraries.
  const { startContainers } = await import('./testcontainers-infra');
  return startContainers(log);
}

async function migrateAll(databaseUrls: Record<string, string>): Promise<void> {
  await Promise.all(
    SERVICES.map(async (service) => {
      if (!hasMigrations(service)) {
        log(`warning: apps/${service}/prisma.config.ts does not exist yet, ${service}'s database is not migrated`);
        return;
      }
      await migrate(service, databaseUrls[service]);
    }),
  );
}

export default async function globalSetup(): Promise<void> {
  // Jest runs this once per project (integration, e2e) in the same process: one stack serves both.
  if (globalThis.__SURGE_TEST_INFRA__) return;
  const started = Date.now();
  const infra =
    givenEndpoints(process.env) ??
    (process.env.TEST_INFRA === 'testcontainers' ? await testcontainers() : await ownStack());
  try {
    const databaseUrls = await provisionDatabases(infra.postgresAdminUrl, SERVICES);
    await migrateAll(databaseUrls);
    process.env.KAFKA_BROKERS = infra.kafkaBrokers.join(',');
    process.env.SCHEMA_REGISTRY_URL = infra.registryUrl;
    process.env.SURGE_POSTGRES_ADMIN_URL = infra.postgresAdminUrl;
    for (const service of SERVICES) process.env[`SURGE_DATABASE_URL_${upperSnake(service)}`] = databaseUrls[service];
  } catch (error: unknown) {
    // Jest skips globalTeardown when globalSetup throws: stop what we started here.
    await infra.stop();
    if (error instanceof MigrationError) throw new Error(error.message);
    throw error;
  }
  globalThis.__SURGE_TEST_INFRA__ = infra;
  log(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s: kafka ${infra.kafkaBrokers.join(',')}, registry ${infra.registryUrl}`,
  );
}
