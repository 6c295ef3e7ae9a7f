import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ServiceName } from '@surge/contracts';
import type { Pool } from 'pg';
import {
  findFreePort,
  migrate,
  type PartControls,
  provisionDatabases,
  silentLogger,
  startPostgres,
} from '@surge/local-infra';

const ROOT = path.resolve(__dirname, '../../..');

export interface SparePostgres extends PartControls {
  /** The database of the service whose migrations were applied, as that service connects to it. */
  readonly databaseUrl: string;
  /** A superuser URL (to terminate sessions, limit connections). */
  readonly adminUrl: string;
}

/**
 * A PostgreSQL of the test's own, on a free port, holding one service's
 * migrated database: for tests that stop and start the server (the run's
 * shared one must stay up for every other test). stop() is PostgreSQL's fast
 * shutdown: open sessions are terminated (57P01), new ones refused.
 */
export async function startSparePostgres(service: ServiceName): Promise<SparePostgres> {
  const dir = scratchDir('spare-postgres-');
  const server = await startPostgres({
    dataDir: path.join(dir, 'data'),
    port: await findFreePort(),
    log: silentLogger,
    durable: false,
  });
  try {
    const { [service]: databaseUrl } = await provisionDatabases(server.adminUrl, [service]);
    await migrate(service, databaseUrl);
    return { databaseUrl, adminUrl: server.adminUrl, stop: server.stop, start: server.start, restart: server.restart };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

type ClientClass = new (options: { adapter: unknown }) => unknown;
let generated: Promise<ClientClass> | undefined;

/** Makes a database client over a pool, as ServiceModuleOptions.database does (Client: its TransactionalClient). */
export type DatabaseFactory<Client = unknown> = (pool: Pool) => Client;

/**
 * Real Prisma 6.19 clients over @prisma/adapter-pg (the services' setup: pass
 * @surge/persistence's createPgAdapter), for libraries' tests: the services'
 * generated clients live in the apps, which a library may not import, and
 * the harness may not import @surge/persistence, whose tests use it. The schema has no
 * models, which is all the libraries use: raw queries and interactive
 * transactions. Generated once per test worker (about a second, offline: the
 * JS engine needs no download).
 */
export async function scratchPrismaClients<Client>(
  adapterFor: (pool: Pool) => unknown,
): Promise<DatabaseFactory<Client>> {
  generated ??= generateClient();
  const PrismaClient = await generated;
  return (pool) => new PrismaClient({ adapter: adapterFor(pool) }) as Client;
}

async function generateClient(): Promise<ClientClass> {
  const dir = scratchDir('scratch-prisma-');
  mkdirSync(path.join(dir, 'prisma', 'schema'), { recursive: true });
  writeFileSync(
    path.join(dir, 'prisma', 'schema', 'schema.prisma'),
    [
      'generator client {',
      '  provider     = "prisma-client"',
      '  output       = "../../client"',
      '  engineType   = "client"',
      '  moduleFormat = "cjs"',
      '}',
      'datasource db {',
      '  provider = "postgresql"',
      '  url      = env("DATABASE_URL")',
      '}',
      '',
    ].join('\n'),
  );
  // The services' own config (JS schema engine over the pg adapter).
  const config = path.join(ROOT, 'libs', 'persistence', 'prisma-config');
  writeFileSync(
    path.join(dir, 'prisma.config.ts'),
    `import { servicePrismaConfig } from ${JSON.stringify(config)};\nexport default servicePrismaConfig(__dirname);\n`,
  );
  await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--config', 'prisma.config.ts'],
    { cwd: dir, env: { ...process.env, DATABASE_URL: 'postgresql://generate@localhost/generate' } },
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- generated at run time, no static import possible
  const client = require(path.join(dir, 'client', 'client.ts')) as { PrismaClient: ClientClass };
  return client.PrismaClient;
}

/** A fresh folder in the run's data directory that PostgreSQL (running as its own user under root) can enter. */
function scratchDir(prefix: string): string {
  const root = path.resolve(ROOT, process.env.SURGE_TEST_DATA_DIR ?? path.join('.surge', 'test'));
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, prefix));
  chmodSync(dir, 0o755);
  return dir;
}
