import { defaultManagementPort, postgresToJdbc, registryLaunch } from './registry';

describe('postgresToJdbc', () => {
  it('splits a postgres URL into a JDBC URL and decoded credentials', () => {
    expect(postgresToJdbc('postgresql://surge_registry:p%40ss%3Aword@127.0.0.1:5433/surge_registry')).toEqual({
      jdbcUrl: 'jdbc:postgresql://127.0.0.1:5433/surge_registry',
      username: 'surge_registry',
      password: 'p@ss:word',
    });
  });

  it('defaults the port to 5432', () => {
    expect(postgresToJdbc('postgres://u:p@db.internal/reg').jdbcUrl).toBe('jdbc:postgresql://db.internal:5432/reg');
  });

  it('refuses other schemes', () => {
    expect(() => postgresToJdbc('mysql://u:p@h/db')).toThrow(/must start with postgresql/);
  });
});

describe('registryLaunch', () => {
  const base = { port: 8081, managementPort: defaultManagementPort(8081), workDir: '/tmp/reg' };

  it('listens on 127.0.0.1 only, management port included', () => {
    const { systemProperties } = registryLaunch({ ...base, storage: 'memory' });
    expect(systemProperties['quarkus.http.host']).toBe('127.0.0.1');
    expect(systemProperties['quarkus.http.port']).toBe('8081');
    expect(systemProperties['quarkus.management.host']).toBe('127.0.0.1');
    expect(systemProperties['quarkus.management.port']).toBe('9081');
  });

  it('checks BACKWARD compatibility globally and uses content ids', () => {
    const { systemProperties } = registryLaunch({ ...base, storage: 'memory' });
    expect(systemProperties['apicurio.rules.global.compatibility']).toBe('BACKWARD');
    expect(systemProperties['apicurio.ccompat.legacy-id-mode.enabled']).toBe('false');
  });

  it('keeps memory storage in H2', () => {
    const { systemProperties, env } = registryLaunch({ ...base, storage: 'memory' });
    expect(systemProperties['apicurio.storage.kind']).toBe('sql');
    expect(systemProperties['apicurio.storage.sql.kind']).toBe('h2');
    expect(env).toEqual({});
  });

  it('stores in PostgreSQL with the password in the environment, never on the command line', () => {
    const { systemProperties, env } = registryLaunch({
      ...base,
      storage: { postgresUrl: 'postgresql://surge_registry:s3cret@127.0.0.1:5433/surge_registry' },
    });
    expect(systemProperties['apicurio.storage.sql.kind']).toBe('postgresql');
    expect(systemProperties['apicurio.datasource.url']).toBe('jdbc:postgresql://127.0.0.1:5433/surge_registry');
    expect(systemProperties['apicurio.datasource.username']).toBe('surge_registry');
    expect(env).toEqual({ APICURIO_DATASOURCE_PASSWORD: 's3cret' });
    expect(Object.values(systemProperties).join(' ')).not.toContain('s3cret');
  });
});
