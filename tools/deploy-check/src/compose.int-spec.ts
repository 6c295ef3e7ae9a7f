import { readFileSync } from 'node:fs';
import { DEFAULT_HTTP_PORTS, SERVICES } from '@surge/contracts';
import { composeOneShotProblems, composeServiceProblems, databaseRole, expectedTopics, parseTopicList } from './checks';
import { type ComposeFile, composeSpecErrors, readCompose } from './compose';
import { repoPath } from './paths';

const compose = readCompose();

/** A changed copy of the compose file. */
const edited = (change: (services: Record<string, Record<string, unknown>>) => void): ComposeFile => {
  const copy = structuredClone(compose);
  change(copy.services as unknown as Record<string, Record<string, unknown>>);
  return copy;
};

/** docs/DESIGN.md's table of services: the public contract the deployment files are checked against. */
const DESIGN_PORTS = { orders: 3001, inventory: 3002, payments: 3003, 'fraud-detection': 3004, notifications: 3005 };

it('takes the ports from DEFAULT_HTTP_PORTS, which are those of docs/DESIGN.md', () => {
  expect(DEFAULT_HTTP_PORTS).toEqual(DESIGN_PORTS);
});

describe('docker-compose.yml', () => {
  it('conforms to the Compose Specification', () => {
    expect(composeSpecErrors(compose)).toEqual([]);
  });

  it.each(SERVICES)('builds, migrates and runs %s as the code expects', (service) => {
    expect(composeServiceProblems(compose, service)).toEqual([]);
  });

  it('keeps the infrastructure on the ports of npm start', () => {
    expect(compose.services.kafka.ports).toEqual(['127.0.0.1:9092:9092']);
    expect(compose.services['schema-registry'].ports).toEqual(['127.0.0.1:8081:8081']);
    expect(compose.services.postgres.ports).toEqual(['127.0.0.1:5433:5432']);
  });

  it('creates every topic with its partitions, dead-letter topics included', () => {
    const topics = compose.services['kafka-topics'];
    expect(parseTopicList(String(topics.environment?.TOPICS))).toEqual(expectedTopics());
    expect(topics.depends_on?.kafka?.condition).toBe('service_healthy');
  });

  it('has every one-shot awaited by a running service, so `docker compose up --wait` succeeds', () => {
    expect(composeOneShotProblems(compose)).toEqual([]);
  });

  it('offers a Kafka UI only under the ui profile', () => {
    expect(compose.services['kafka-ui'].profiles).toEqual(['ui']);
  });

  it('creates one database and one role per service in postgres-init.sql', () => {
    const sql = readFileSync(repoPath('deploy', 'compose', 'postgres-init.sql'), 'utf8');
    const roles = /ARRAY\[([^\]]+)\]/
      .exec(sql)?.[1]
      .split(',')
      .map((item) => `surge_${item.trim().slice(1, -1)}`);
    expect(roles).toEqual(SERVICES.map(databaseRole));
    for (const service of SERVICES) {
      expect(sql).toContain(`CREATE DATABASE ${databaseRole(service)} OWNER ${databaseRole(service)};`);
    }
    // The local Kubernetes overlay carries a copy (kustomize reads no file outside its folder).
    expect(
      readFileSync(repoPath('deploy', 'k8s', 'overlays', 'local', 'infrastructure', 'postgres-init.sql'), 'utf8'),
    ).toBe(sql);
  });

  describe('the checks', () => {
    it('refuse a dependency condition and a service key the specification does not have', () => {
      const broken = edited((services) => {
        services.orders.depends_on = { kafka: { condition: 'service_ready' } };
        services.orders.restart_policy = 'always';
      });
      const errors = composeSpecErrors(broken);
      expect(errors).toContain(
        '/services/orders/depends_on/kafka/condition must be equal to one of the allowed values',
      );
      expect(errors).toContain('/services/orders must NOT have additional properties');
    });

    it('find a variable the service does not read, a wrong port and a missing migration', () => {
      const broken = edited(({ orders }) => {
        orders.environment = { ...(orders.environment as object), KAFKA_BROKER: 'kafka:19092', PORT: 3009 };
        orders.depends_on = { kafka: { condition: 'service_healthy' } };
      });
      expect(composeServiceProblems(broken, 'orders')).toEqual([
        'orders: KAFKA_BROKER is not a variable the service reads',
        'orders: PORT 3009, not 3001',
        'compose orders: must depend on schema-registry (service_healthy)',
        'compose orders: must depend on postgres (service_healthy)',
        'compose orders: must depend on kafka-topics (service_completed_successfully)',
        'compose orders: must depend on orders-migrate (service_completed_successfully)',
      ]);
      expect(composeOneShotProblems(broken)).toEqual([
        'compose: no running service waits for the one-shot orders-migrate',
      ]);
    });

    it('find a malformed variable, named by the service’s own config error', () => {
      const broken = edited(({ payments }) => {
        (payments.environment as Record<string, unknown>).KAFKA_BROKERS = 'kafka';
      });
      expect(composeServiceProblems(broken, 'payments')).toEqual([
        'invalid configuration for payments: KAFKA_BROKERS.0: expected host:port',
      ]);
    });
  });
});
