import { ConfigError, loadConfig } from './config';

const valid = {
  DATABASE_URL: 'postgresql://orders:secret@127.0.0.1:5433/surge_orders',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
};

describe('loadConfig', () => {
  it("applies defaults (the service's own port) and parses lists and numbers", () => {
    const config = loadConfig('orders', { ...valid, DATABASE_POOL_SIZE: '4' });
    expect(config).toMatchObject({
      SERVICE_NAME: 'orders',
      PORT: 3001,
      HOST: '127.0.0.1',
      DATABASE_POOL_SIZE: 4,
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9094'],
      KAFKA_REPLICATION_FACTOR: 1,
      KAFKA_CONSUMER_CONCURRENCY: 6,
      LOG_LEVEL: 'info',
    });
  });

  it('keeps the consumer concurrency between 1 and 64', () => {
    expect(loadConfig('orders', { ...valid, KAFKA_CONSUMER_CONCURRENCY: '12' }).KAFKA_CONSUMER_CONCURRENCY).toBe(12);
    expect(() => loadConfig('orders', { ...valid, KAFKA_CONSUMER_CONCURRENCY: '0' })).toThrow(
      /KAFKA_CONSUMER_CONCURRENCY/,
    );
  });

  it('lets the environment override the default port', () => {
    expect(loadConfig('orders', { ...valid, PORT: '4001' }).PORT).toBe(4001);
  });

  it('names every missing or malformed variable at once', () => {
    const load = () => loadConfig('orders', { KAFKA_BROKERS: 'not a broker', LOG_LEVEL: 'loud' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/invalid configuration for orders/);
    expect(load).toThrow(/DATABASE_URL/);
    expect(load).toThrow(/KAFKA_BROKERS/);
    expect(load).toThrow(/SCHEMA_REGISTRY_URL/);
    expect(load).toThrow(/LOG_LEVEL/);
  });

  it('treats an empty variable as missing', () => {
    expect(() => loadConfig('orders', { ...valid, DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
  });

  it('rejects a database URL of another kind', () => {
    expect(() => loadConfig('orders', { ...valid, DATABASE_URL: 'mysql://x@localhost/db' })).toThrow(
      /DATABASE_URL: expected a postgresql:\/\/ URL/,
    );
  });
});
