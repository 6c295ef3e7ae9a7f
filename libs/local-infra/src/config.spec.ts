import path from 'node:path';
import { stackConfig } from './config';

const root = '/repo';

describe('stackConfig', () => {
  it('gives npm start the well-known ports, kept clear of the machine PostgreSQL on 5432', () => {
    const config = stackConfig('dev', {}, root);
    expect(config.kafka).toEqual({ port: 9092, controllerPort: 9093 });
    expect(config.registry).toEqual({ port: 8081, managementPort: 9081, storage: 'postgres' });
    expect(config.postgres).toEqual({ port: 5433, externalUrl: undefined, durable: true });
    expect(config.dataDir).toBe(path.join(root, '.surge', 'dev'));
  });

  it('gives tests their own ports and data dir, so both can run at once', () => {
    const dev = stackConfig('dev', {}, root);
    const test = stackConfig('test', {}, root);
    expect(test.kafka).toEqual({ port: 19092, controllerPort: 19093 });
    expect(test.registry.port).toBe(18081);
    expect(test.postgres.port).toBe(15433);
    expect(test.postgres.durable).toBe(false);
    expect(test.dataDir).toBe(path.join(root, '.surge', 'test'));
    expect(test.envPrefix).toBe('SURGE_TEST_');
    const ports = (c: typeof dev) => [
      c.kafka.port,
      c.kafka.controllerPort,
      c.registry.port,
      c.registry.managementPort,
      c.postgres.port,
    ];
    expect(ports(test).filter((p) => ports(dev).includes(p))).toEqual([]);
  });

  it('reads overrides from SURGE_* for dev and SURGE_TEST_* for tests', () => {
    const env = {
      SURGE_KAFKA_PORT: '9192',
      SURGE_REGISTRY_PORT: '8181',
      SURGE_POSTGRES_URL: 'postgresql://admin:pw@db:5432/postgres',
      SURGE_DATA_DIR: 'tmp/dev',
      SURGE_TEST_POSTGRES_PORT: '25433',
    };
    const dev = stackConfig('dev', env, root);
    expect(dev.kafka).toEqual({ port: 9192, controllerPort: 9193 });
    expect(dev.registry.managementPort).toBe(9181);
    expect(dev.postgres.externalUrl).toBe('postgresql://admin:pw@db:5432/postgres');
    expect(dev.dataDir).toBe(path.join(root, 'tmp', 'dev'));
    const test = stackConfig('test', env, root);
    expect(test.kafka.port).toBe(19092);
    expect(test.postgres).toEqual({ port: 25433, externalUrl: undefined, durable: false });
    const external = 'postgresql://admin:pw@ci-db:5432/postgres';
    expect(stackConfig('test', { SURGE_TEST_POSTGRES_URL: external }, root).postgres.externalUrl).toBe(external);
  });

  it('refuses a port that is not a port, naming the variable', () => {
    expect(() => stackConfig('dev', { SURGE_KAFKA_PORT: 'kafka' }, root)).toThrow(
      'SURGE_KAFKA_PORT must be a port number (1-65535), got "kafka"',
    );
    expect(() => stackConfig('dev', { SURGE_POSTGRES_PORT: '70000' }, root)).toThrow(/SURGE_POSTGRES_PORT/);
  });
});
