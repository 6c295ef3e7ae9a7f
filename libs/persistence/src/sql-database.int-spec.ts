import { failure, testInfra, unique } from '@surge/testing';
import type { Pool } from 'pg';
import { isDatabaseUnavailable } from './database-errors';
import { createDatabasePool } from './pg-adapter';
import { SqlDatabase, TransactionExpired, TransactionStartTimeout } from './sql-database';

describe('SqlDatabase on a real PostgreSQL', () => {
  const table = unique('sql_database')
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();
  const pools: Pool[] = [];
  let db: SqlDatabase;

  function database(poolSize: number): SqlDatabase {
    const pool = createDatabasePool(testInfra.adminUrl(), poolSize);
    pools.push(pool);
    return new SqlDatabase(pool);
  }

  const count = async (): Promise<number> => {
    const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${table}`);
    return Number(row?.n);
  };

  beforeAll(async () => {
    db = database(4);
    await db.$executeRawUnsafe(
      `CREATE TABLE ${table} (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, amount bigint, doc jsonb,
         at timestamptz(3), local_at timestamp(3))`,
    );
  });

  afterAll(async () => {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${table}`);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('commits what the work wrote, and returns its result', async () => {
    const result = await db.$transaction(async (tx) => {
      const inserted = await tx.$executeRawUnsafe(`INSERT INTO ${table} (name) SELECT * FROM unnest($1::text[])`, [
        'committed-a',
        'committed-b',
      ]);
      return { inserted };
    });

    expect(result).toEqual({ inserted: 2 });
    const rows = await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT name FROM ${table} WHERE name LIKE 'committed-%' ORDER BY name`,
    );
    expect(rows.map((row) => row.name)).toEqual(['committed-a', 'committed-b']);
  });

  it('rolls back everything when the work throws, and passes its error on', async () => {
    const before = await count();

    const error = await failure(() =>
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`INSERT INTO ${table} (name) VALUES ($1)`, 'rolled-back');
        await tx.$executeRawUnsafe(`INSERT INTO ${table} (name) VALUES ($1)`, 'rolled-back');
      }),
    );

    expect(error).toMatchObject({ code: '23505' });
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(await count()).toBe(before);
  });

  it("reads values as Prisma's raw queries do: bigint, Date (timestamp as UTC) and parsed json", async () => {
    const at = new Date('2026-11-26T10:20:30.456Z');
    await db.$executeRawUnsafe(
      `INSERT INTO ${table} (name, amount, doc, at, local_at) VALUES ($1, $2::bigint, $3::jsonb, $4, $5::timestamp)`,
      'typed',
      9_007_199_254_740_993n,
      JSON.stringify({ lines: [{ sku: 'A', quantity: 2 }] }),
      at.toISOString(),
      '2026-11-26 10:20:30.456',
    );

    const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT amount, doc, at, local_at FROM ${table} WHERE name = $1`,
      'typed',
    );

    expect(row).toEqual({
      amount: 9_007_199_254_740_993n,
      doc: { lines: [{ sku: 'A', quantity: 2 }] },
      at,
      local_at: at,
    });
  });

  it('prepares each statement text once per connection and reuses it', async () => {
    const names = await db.$transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await tx.$queryRawUnsafe(`SELECT count(*) FROM ${table} WHERE name = $1`, `p${i}`);
      return tx.$queryRawUnsafe<{ name: string; statement: string }[]>(
        `SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE $1`,
        `SELECT count(*) FROM ${table} WHERE name = $1`,
      );
    });

    expect(names).toHaveLength(1);
    expect(names[0]?.name).toMatch(/^surge_[0-9a-f]{20}$/);
  });

  it('gives up waiting for a connection after maxWait, as an outage, and the pool recovers', async () => {
    const single = database(1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const holder = single.$transaction(async (tx) => {
      await tx.$queryRawUnsafe('SELECT 1');
      holding();
      await held;
    });
    await isHolding;

    const error = await failure(() =>
      single.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1'), { maxWait: 50 }),
    );
    release();
    await holder;

    expect(error).toBeInstanceOf(TransactionStartTimeout);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await expect(single.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1 AS one'))).resolves.toEqual([
      { one: 1 },
    ]);
  });

  it('cancels a statement that would outlive the transaction, rolls back and gives the connection back', async () => {
    const before = await count();
    const single = database(1);

    const error = await failure(() =>
      single.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`INSERT INTO ${table} (name) VALUES ($1)`, 'cancelled');
          // Server-side: a statement longer than the whole transaction may take (as a lock wait would be).
          await tx.$queryRawUnsafe('SELECT pg_sleep(5)');
        },
        { timeout: 100 },
      ),
    );

    expect(error).toMatchObject({ code: '57014' }); // query_canceled: statement_timeout
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(await count()).toBe(before);
    await expect(
      single.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1 AS one'), { maxWait: 1_000 }),
    ).resolves.toEqual([{ one: 1 }]);
  });

  it('refuses the next statement of a transaction past its timeout, and rolls it back', async () => {
    const before = await count();

    const error = await failure(() =>
      db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`INSERT INTO ${table} (name) VALUES ($1)`, 'expired');
          // The work lifts the statement bound, then a server-side statement outlasts the whole timeout.
          await tx.$executeRawUnsafe('SET LOCAL statement_timeout = 0');
          await tx.$queryRawUnsafe('SELECT pg_sleep(0.2)');
          await tx.$executeRawUnsafe(`INSERT INTO ${table} (name) VALUES ($1)`, 'expired-2');
        },
        { timeout: 100 },
      ),
    );

    expect(error).toBeInstanceOf(TransactionExpired);
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(await count()).toBe(before);
  });

  it('evicts a connection the server cut mid-transaction, calls that an outage, and keeps serving', async () => {
    const single = database(1);
    const error = await failure(() =>
      single.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`INSERT INTO ${table} (name) VALUES ($1)`, 'terminated');
        const [own] = await tx.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
        await db.$queryRawUnsafe('SELECT pg_terminate_backend($1::int)', own?.pid);
        await tx.$queryRawUnsafe('SELECT 1');
      }),
    );

    expect(isDatabaseUnavailable(error)).toBe(true);
    await expect(single.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 2 AS two'))).resolves.toEqual([
      { two: 2 },
    ]);
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM ${table} WHERE name = 'terminated'`);
    expect(rows).toEqual([]);
  });
});
