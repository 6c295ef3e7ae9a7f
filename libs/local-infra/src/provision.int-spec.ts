import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SERVICES } from './config';
import { databaseNameFor, provisionDatabases, upperSnake } from './provision';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through jest's global setup`);
  return value;
}

/** Connects with a service's credentials to any database on the same server. */
function clientFor(serviceUrl: string, database: string): Client {
  const url = new URL(serviceUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  return client;
}

async function connectError(client: Client): Promise<{ code?: string; message: string }> {
  try {
    await client.connect();
    await client.end();
    return { message: 'connected' };
  } catch (error: unknown) {
    const e = error as { code?: string; message: string };
    return { code: e.code, message: e.message };
  }
}

describe('service databases', () => {
  const urls = Object.fromEntries(SERVICES.map((s) => [s, env(`SURGE_DATABASE_URL_${upperSnake(s)}`)]));

  it("a service's role cannot connect to (and so cannot read) another service's database", async () => {
    for (const own of SERVICES) {
      for (const other of SERVICES.filter((s) => s !== own)) {
        const attempt = await connectError(clientFor(urls[own], databaseNameFor(other)));
        // 42501: insufficient_privilege, "permission denied for database ..."
        expect({ own, other, ...attempt }).toEqual({
          own,
          other,
          code: '42501',
          message: `permission denied for database "${databaseNameFor(other)}"`,
        });
      }
    }
  });

  it("a service's role owns its database: it can create, write and read its own tables", async () => {
    const client = clientFor(urls.orders, 'surge_orders');
    await client.connect();
    try {
      const table = `probe_${randomBytes(4).toString('hex')}`;
      await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
      await client.query(`INSERT INTO ${table} VALUES (1)`);
      expect((await client.query(`SELECT id FROM ${table}`)).rows).toEqual([{ id: 1 }]);
      await client.query(`DROP TABLE ${table}`);
      const { rows } = await client.query<{ rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean }>(
        'SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows).toEqual([{ rolsuper: false, rolcreatedb: false, rolcreaterole: false }]);
    } finally {
      await client.end();
    }
  });

  it('provisioning is idempotent and isolates services added later', async () => {
    const adminUrl = env('SURGE_POSTGRES_ADMIN_URL');
    const suffix = randomBytes(3).toString('hex');
    const services = [`p${suffix}-a`, `p${suffix}-b`];
    const first = await provisionDatabases(adminUrl, services);
    const again = await provisionDatabases(adminUrl, services);
    try {
      expect(again).toEqual(first);
      const own = clientFor(first[services[0]], databaseNameFor(services[0]));
      await own.connect();
      await own.end();
      expect((await connectError(clientFor(first[services[0]], databaseNameFor(services[1])))).code).toBe('42501');
      // Nor into an existing service's database.
      expect((await connectError(clientFor(first[services[0]], 'surge_payments'))).code).toBe('42501');
    } finally {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      for (const service of services) {
        const name = admin.escapeIdentifier(databaseNameFor(service));
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS ${name}`);
      }
      await admin.end();
    }
  });
});
