import path from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { SERVICES, type ServiceName } from '@surge/contracts';
import { AvroCodec } from '@surge/messaging';
import { type RunningStack, migrate, stackConfig, startStack } from '@surge/local-infra';
import { type RunningSurge, startSurge } from '@surge/testing';
import { Kafka, logLevel } from 'kafkajs';

export interface FaultStack {
  readonly stack: RunningStack;
  readonly surge: RunningSurge;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly databaseUrls: Readonly<Record<ServiceName, string>>;
  stop(): Promise<void>;
}

const log = (line: string) => process.stdout.write(`[faults] ${line}\n`);

/**
 * A stack of its own (its own ports and data, so it can be broken without
 * touching anyone else's), migrated, with the five services supervised as
 * `npm start` runs them. Ports: SURGE_FAULTS_KAFKA_PORT (29092),
 * SURGE_FAULTS_REGISTRY_PORT (29081), SURGE_FAULTS_POSTGRES_PORT (29433).
 */
export async function startFaultStack(env: NodeJS.ProcessEnv = process.env): Promise<FaultStack> {
  const options = stackConfig('test', {
    ...env,
    SURGE_TEST_KAFKA_PORT: env.SURGE_FAULTS_KAFKA_PORT ?? '29092',
    SURGE_TEST_KAFKA_CONTROLLER_PORT: env.SURGE_FAULTS_KAFKA_CONTROLLER_PORT ?? '',
    SURGE_TEST_REGISTRY_PORT: env.SURGE_FAULTS_REGISTRY_PORT ?? '29081',
    SURGE_TEST_REGISTRY_MANAGEMENT_PORT: env.SURGE_FAULTS_REGISTRY_MANAGEMENT_PORT ?? '',
    SURGE_TEST_POSTGRES_PORT: env.SURGE_FAULTS_POSTGRES_PORT ?? '29433',
    SURGE_TEST_POSTGRES_URL: '',
    SURGE_TEST_DATA_DIR: env.SURGE_FAULTS_DATA_DIR ?? path.join('.surge', 'faults'),
  });
  const stack = await startStack({
    ...options,
    profile: 'faults',
    fresh: true,
    services: SERVICES,
    onDatabasesReady: async (urls) => {
      await Promise.all(SERVICES.map((service) => migrate(service, urls[service])));
    },
    log,
  });
  const databaseUrls = stack.postgres.databaseUrls as Record<ServiceName, string>;
  let surge: RunningSurge;
  try {
    surge = await startSurge({
      infra: { kafkaBrokers: stack.kafkaBrokers, registryUrl: stack.registryUrl, databaseUrls },
      logDir: path.join(stack.logsDir, 'services'),
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const kafka = new Kafka({ clientId: 'surge-faults', brokers: stack.kafkaBrokers, logLevel: logLevel.NOTHING });
  const codec = new AvroCodec(new SchemaRegistry({ host: stack.registryUrl }));
  return {
    stack,
    surge,
    kafka,
    codec,
    databaseUrls,
    async stop() {
      await surge.stop();
      await stack.stop();
    },
  };
}
