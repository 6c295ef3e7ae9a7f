// TEST_INFRA=testcontainers: the same three servers as containers, for laptops
// and CI runners with a Docker engine. Imported only in that mode.
import { KafkaContainer } from '@testcontainers/kafka';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { GenericContainer, Network, Wait } from 'testcontainers';
import type { TestInfra } from './test-infra';

// Pinned so a run is reproducible; the registry speaks the API Apicurio imitates.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.0';
const REGISTRY_IMAGE = 'confluentinc/cp-schema-registry:7.9.0';
const POSTGRES_IMAGE = 'postgres:17-alpine';

export async function startContainers(log: (line: string) => void): Promise<TestInfra> {
  log('starting Kafka, Schema Registry and PostgreSQL containers');
  const network = await new Network().start();
  const [kafka, postgres] = await Promise.all([
    // The hostname is what Kafka advertises on its in-network listener (BROKER://kafka:9092).
    new KafkaContainer(KAFKA_IMAGE)
      .withKraft()
      .withNetwork(network)
      .withHostname('kafka')
      .withNetworkAliases('kafka')
      .start(),
    new PostgreSqlContainer(POSTGRES_IMAGE).start(),
  ]);
  const registry = await new GenericContainer(REGISTRY_IMAGE)
    .withNetwork(network)
    .withExposedPorts(8081)
    .withEnvironment({
      SCHEMA_REGISTRY_HOST_NAME: 'schema-registry',
      SCHEMA_REGISTRY_LISTENERS: 'http://0.0.0.0:8081',
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: 'PLAINTEXT://kafka:9092',
      SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL: 'backward',
    })
    .withWaitStrategy(Wait.forHttp('/subjects', 8081))
    .start();
  return {
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    registryUrl: `http://${registry.getHost()}:${registry.getMappedPort(8081)}`,
    postgresAdminUrl: postgres.getConnectionUri(),
    async stop() {
      await Promise.all([registry.stop(), postgres.stop()]);
      await kafka.stop();
      await network.stop();
    },
  };
}
