import {
  eventually,
  failure,
  scratchPrismaClients,
  type SparePostgres,
  startSparePostgres,
  unique,
} from '@surge/testing';
import { isDatabaseUnavailable } from './database-errors';
import { createDatabasePool, createPgAdapter } from './pg-adapter';
import type { TransactionalClient } from './sql-client';

/**
 * What Prisma 6.19 over @prisma/adapter-pg really throws when PostgreSQL is
 * away, and that isDatabaseUnavailable tells those apart from the work's own
 * failures. A PostgreSQL of the test's own is stopped and started.
 */
describe('isDatabaseUnavailable on the errors of a real Prisma client', () => {
  let postgres: SparePostgres;
  const clients: TransactionalClient[] = [];

  async function client(url = postgres.databaseUrl, poolSize = 2): Promise<TransactionalClient> {
    const db = (await scratchPrismaClients<TransactionalClient>(createPgAdapter))(createDatabasePool(url, poolSize));
    clients.push(db);
    return db;
  }

  beforeAll(async () => {
    postgres = await startSparePostgres('inventory');
  });

  afterAll(async () => {
    await postgres?.start();
    await Promise.all(clients.map((db) => db.$disconnect()));
    await postgres?.stop();
  });

  it('says unavailable for every way of asking a server that is down, and recovers with it', async () => {
    const warm = await client();
    await warm.$queryRawUnsafe('SELECT 1');
    const cold = await client();
    await postgres.stop();
    try {
      const raw = await failure(() => warm.$queryRawUnsafe('SELECT 1'));
      expect(raw).toMatchObject({
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } },
      });
      const transaction = await failure(() => warm.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1')));
      expect(transaction).toMatchObject({ code: 'P1001' });
      const neverConnected = await failure(() => cold.$executeRawUnsafe('SELECT 1'));

      expect([raw, transaction, neverConnected].map(isDatabaseUnavailable)).toEqual([true, true, true]);
    } finally {
      await postgres.start();
    }
    await expect(warm.$queryRawUnsafe('SELECT 1')).resolves.toBeDefined();
  });

  it('says unavailable when the server terminates the session (57P01), inside a transaction and for the transaction', async () => {
    const db = await client();
    const admin = await client(postgres.adminUrl, 1);
    let inside: unknown;
    const transaction = await failure(() =>
      db.$transaction(async (tx) => {
        const [{ pid }] = await tx.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
        // Terminated while its query runs, the session reports 57P01 to that query.
        const running = failure(() => tx.$executeRawUnsafe('SELECT pg_sleep(30)'));
        await eventually(async () => {
          const [row] = await admin.$queryRawUnsafe<{ sleeping: boolean }[]>(
            "SELECT state = 'active' AS sleeping FROM pg_stat_activity WHERE pid = $1",
            pid,
          );
          expect(row?.sleeping).toBe(true);
        });
        await admin.$queryRawUnsafe('SELECT pg_terminate_backend($1)', pid);
        inside = await running;
      }),
    );

    expect(inside).toMatchObject({
      code: 'P2010',
      meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } },
    });
    expect(isDatabaseUnavailable(inside)).toBe(true);
    // The commit on the dead connection fails, depending on timing, with pg's
    // own code-less "Connection terminated unexpectedly" or a bare
    // DriverAdapterError of kind ConnectionClosed.
    expect(isDatabaseUnavailable(transaction)).toBe(true);
  });

  it('says unavailable when the server goes away in the middle of a transaction', async () => {
    const db = await client();
    let inside: unknown;
    const transaction = await failure(() =>
      db.$transaction(async (tx) => {
        await tx.$queryRawUnsafe('SELECT 1');
        await postgres.stop();
        inside = await failure(() => tx.$queryRawUnsafe('SELECT 1'));
      }),
    );
    await postgres.start();

    // Observed: pg's code-less "Client has encountered a connection error and is not queryable".
    expect(isDatabaseUnavailable(inside)).toBe(true);
    expect(isDatabaseUnavailable(transaction)).toBe(true);
  });

  it('says unavailable when the role has no connection left (53300)', async () => {
    const admin = await client(postgres.adminUrl, 1);
    const role = unique('limited').replace(/-/g, '_');
    await admin.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN PASSWORD 'limited' CONNECTION LIMIT 0`);
    const url = new URL(postgres.adminUrl);
    url.username = role;
    url.password = 'limited';
    const limited = await client(url.toString(), 1);

    const raw = await failure(() => limited.$queryRawUnsafe('SELECT 1'));
    const transaction = await failure(() => limited.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1')));

    expect(raw).toMatchObject({
      code: 'P2010',
      meta: { driverAdapterError: { cause: { kind: 'TooManyConnections' } } },
    });
    expect(transaction).toMatchObject({ code: 'P2037' });
    expect([raw, transaction].map(isDatabaseUnavailable)).toEqual([true, true]);
  });

  it('says unavailable when no pooled connection frees up within the transaction maxWait (P2028)', async () => {
    const db = await client(postgres.databaseUrl, 1);
    let starved: Promise<unknown> | undefined;
    await db.$transaction(async (tx) => {
      starved = failure(() => db.$transaction(async (inner) => inner.$queryRawUnsafe('SELECT 1'), { maxWait: 100 }));
      // Holds the only connection longer than the other transaction may wait.
      // (Awaiting the other's failure instead does not work: Prisma only times the
      // wait out once this transaction lets go, so the hold must be server-side.)
      await tx.$executeRawUnsafe('SELECT pg_sleep(0.5)');
    });

    expect(await starved).toMatchObject({
      code: 'P2028',
      message: expect.stringMatching(/Unable to start a transaction in the given time/) as string,
    });
    expect(isDatabaseUnavailable(await starved)).toBe(true);
  });

  it('gives back the connection of a transaction cut off by the server, so that the pool does not shrink', async () => {
    const db = await client(postgres.databaseUrl, 1);
    const admin = await client(postgres.adminUrl, 1);
    for (let cut = 0; cut < 2; cut++) {
      await failure(() =>
        db.$transaction(async (tx) => {
          const [{ pid }] = await tx.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
          await admin.$queryRawUnsafe('SELECT pg_terminate_backend($1)', pid);
          await failure(() => tx.$queryRawUnsafe('SELECT 1'));
        }),
      );
    }

    // With one connection in the pool, this needs the evicted one replaced.
    await expect(
      db.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1 AS one'), { maxWait: 5_000 }),
    ).resolves.toEqual([{ one: 1 }]);
  });

  it("does not blame the server for the work's own failures", async () => {
    const db = await client();
    const syntax = await failure(() => db.$queryRawUnsafe('SELEC 1'));
    const unique = await failure(() =>
      db.$executeRawUnsafe(
        `INSERT INTO inbox_events (consumer_group, event_id, topic, partition, "offset")
         VALUES ('g', 'e', 't', 0, 0), ('g', 'e', 't', 0, 1)`,
      ),
    );
    const cancelled = await failure(() =>
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL statement_timeout = '10ms'");
        // The statement outlives the timeout by far, so it is always the timeout that ends it.
        await tx.$queryRawUnsafe('SELECT pg_sleep(30)');
      }),
    );
    const expired = await failure(() =>
      db.$transaction(async (tx) => tx.$executeRawUnsafe('SELECT pg_sleep(0.3)'), { timeout: 100 }),
    );

    expect(syntax).toMatchObject({ code: 'P2010', message: expect.stringMatching(/42601/) as string });
    expect(unique).toMatchObject({ code: 'P2010', message: expect.stringMatching(/23505/) as string });
    expect(cancelled).toMatchObject({ code: 'P2010', message: expect.stringMatching(/57014/) as string });
    expect(expired).toMatchObject({ code: 'P2028', message: expect.stringMatching(/expired transaction/) as string });
    expect([syntax, unique, cancelled, expired].map(isDatabaseUnavailable)).toEqual([false, false, false, false]);
  });
});
