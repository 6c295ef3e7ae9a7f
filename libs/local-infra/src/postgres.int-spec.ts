import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { StackError } from './errors';
import { silentLogger } from './paths';
import { type RunningPostgres, startPostgres } from './postgres';
import { findFreePort, isPortFree } from './preflight';

async function query<T extends object>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('an embedded PostgreSQL of its own', () => {
  let base: string;
  let postgres: RunningPostgres | undefined;

  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'surge-postgres-'));
    // Run as root, the server is the `postgres` user and must reach its data dir.
    chmodSync(base, 0o755);
  });

  afterAll(async () => {
    await postgres?.stop();
    rmSync(base, { recursive: true, force: true });
  });

  it('keeps a committed row across a restart, and across a stop and a start', async () => {
    const port = await findFreePort();
    // The test profile's settings: nothing fsynced.
    postgres = await startPostgres({
      dataDir: path.join(base, 'data'),
      logFile: path.join(base, 'postgres.log'),
      port,
      durable: false,
      log: silentLogger,
    });
    const { adminUrl } = postgres;
    await query(adminUrl, 'CREATE TABLE probe (id text PRIMARY KEY)');
    await query(adminUrl, 'INSERT INTO probe VALUES ($1)', ['survives a restart']);

    await postgres.restart();
    expect(await query(adminUrl, 'SELECT id FROM probe')).toEqual([{ id: 'survives a restart' }]);

    await query(adminUrl, 'INSERT INTO probe VALUES ($1)', ['survives a stop']);
    await postgres.stop();
    expect(await isPortFree(port)).toBe(true);
    await expect(query(adminUrl, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

    await postgres.start();
    expect(await query(adminUrl, 'SELECT id FROM probe ORDER BY id')).toEqual([
      { id: 'survives a restart' },
      { id: 'survives a stop' },
    ]);
    // Starting a running server is nothing to do.
    await postgres.start();
    expect(await query(adminUrl, 'SELECT count(*)::int AS n FROM probe')).toEqual([{ n: 2 }]);
  }, 120_000);

  it('refuses to stop, start or restart an external server', async () => {
    const adminUrl = process.env.SURGE_POSTGRES_ADMIN_URL;
    if (!adminUrl) throw new Error("SURGE_POSTGRES_ADMIN_URL is not set: run through jest's global setup");
    const external = await startPostgres({ dataDir: base, port: 0, externalUrl: adminUrl, log: silentLogger });

    await expect(external.restart()).rejects.toThrow(StackError);
    await expect(external.stop()).rejects.toThrow(
      /^cannot stop the PostgreSQL at postgresql:\/\/postgres:\*\*\*@.*: it is an external server \(SURGE_POSTGRES_URL\)/,
    );
    await expect(external.start()).rejects.toThrow(/^cannot start the PostgreSQL/);
    expect(await query(adminUrl, 'SELECT 1 AS up')).toEqual([{ up: 1 }]);
  });
});
