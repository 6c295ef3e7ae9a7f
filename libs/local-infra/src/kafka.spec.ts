import { kafkaProperties, newClusterId } from './kafka';
import { renderProperties } from './properties';

describe('kafkaProperties', () => {
  const props = kafkaProperties({ port: 19092, controllerPort: 19093, logDir: '/data/kafka' });

  it('runs broker and controller in one node, listening on 127.0.0.1 only', () => {
    expect(props['process.roles']).toBe('broker,controller');
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:19093');
    expect(props.listeners).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:19092');
  });

  it('lets every internal topic live on a single broker', () => {
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
    ]) {
      expect(props[key]).toBe(1);
    }
  });

  it('creates topics with 3 partitions by default and does not delay the first rebalance', () => {
    expect(props['num.partitions']).toBe(3);
    expect(props['group.initial.rebalance.delay.ms']).toBe(0);
  });

  it('renders as a properties file', () => {
    expect(renderProperties(props)).toContain('log.dirs=/data/kafka\n');
  });
});

describe('newClusterId', () => {
  it('makes 16 random bytes in unpadded URL-safe base64 that never start with a dash', () => {
    const ids = Array.from({ length: 500 }, newClusterId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
