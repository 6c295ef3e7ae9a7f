import { stackConfig } from './config';
import { portClaims } from './stack';

describe('portClaims', () => {
  it('names the variable that moves each port, for the profile in use', () => {
    const test = portClaims(stackConfig('test', {}, '/repo'));
    expect(test.map((c) => `${c.port} ${c.setting ?? ''}`)).toEqual([
      '19092 SURGE_TEST_KAFKA_PORT',
      '19093 SURGE_TEST_KAFKA_CONTROLLER_PORT',
      '18081 SURGE_TEST_REGISTRY_PORT',
      '19081 SURGE_TEST_REGISTRY_MANAGEMENT_PORT',
      '15433 SURGE_TEST_POSTGRES_PORT (or SURGE_TEST_POSTGRES_URL)',
    ]);
  });

  it('claims no PostgreSQL port when an external server is used', () => {
    const claims = portClaims(stackConfig('dev', { SURGE_POSTGRES_URL: 'postgresql://a:b@db/postgres' }, '/repo'));
    expect(claims.map((c) => c.what)).not.toContain('PostgreSQL');
  });
});
