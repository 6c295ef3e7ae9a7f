/**
 * Prisma chores for every service, offline (JS schema engine, see INFRA.md).
 *
 *   npm run db:generate                       generate each service's client
 *   npm run db:migration -- <service> <name>  write a new migration from the schema change
 *
 * `db:migration` diffs the committed migrations against the schema; Prisma's
 * JS engine needs a scratch PostgreSQL database for that: DATABASE_URL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICES, type ServiceName } from '@surge/contracts';

const ROOT = path.resolve(__dirname, '../../../..');
const PRISMA = path.join(ROOT, 'node_modules/prisma/build/index.js');

function prisma(service: string, args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, [PRISMA, ...args, '--config', `apps/${service}/prisma.config.ts`], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args[0]} for ${service} failed:\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

function generate(): void {
  // The JS engine needs a well-formed URL to generate; nothing connects.
  const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://generate@localhost/generate' };
  for (const service of SERVICES) {
    prisma(service, ['generate'], env);
    console.log(`generated the ${service} client`);
  }
}

function migration(service: string, name: string): void {
  if (!SERVICES.includes(service as ServiceName)) throw new Error(`unknown service ${service}`);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('migration name: lower-case letters, digits and _ only');
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a scratch PostgreSQL database');
  const migrations = path.join(ROOT, 'apps', service, 'prisma', 'migrations');
  const hasMigrations = existsSync(migrations) && readdirSync(migrations).some((entry) => /^\d{14}_/.test(entry));
  const from = hasMigrations ? ['--from-migrations', migrations] : ['--from-empty'];
  const sql = prisma(
    service,
    ['migrate', 'diff', ...from, '--to-schema-datamodel', `apps/${service}/prisma/schema`, '--script'],
    process.env,
  );
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log(`${service}: the schema matches the migrations; nothing to write`);
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(migrations, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  if (!existsSync(path.join(migrations, 'migration_lock.toml'))) {
    writeFileSync(path.join(migrations, 'migration_lock.toml'), 'provider = "postgresql"\n');
  }
  console.log(`wrote ${path.relative(ROOT, dir)}/migration.sql`);
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'generate') generate();
  else if (command === 'migration' && args.length === 2) migration(args[0], args[1]);
  else throw new Error('usage: db generate | db migration <service> <name>');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
