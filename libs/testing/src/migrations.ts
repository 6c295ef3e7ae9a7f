import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

interface RawQueries {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

/** The migrations committed for a service (`apps/<service>/prisma/migrations`), by name, sorted. */
export function committedMigrations(appDir: string): string[] {
  return readdirSync(path.join(appDir, 'prisma', 'migrations'))
    .filter((name) => /^\d{14}_/.test(name))
    .sort();
}

/** The migrations Prisma finished applying to a database, by name, sorted. */
export async function appliedMigrations(db: RawQueries): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  return rows.map((row) => row.migration_name).sort();
}

/** appliedMigrations of the database at `databaseUrl`, over a connection of its own. */
export async function appliedMigrationsAt(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await appliedMigrations({
      $queryRawUnsafe: async <T>(query: string) => (await client.query(query)).rows as T,
    });
  } finally {
    await client.end();
  }
}
