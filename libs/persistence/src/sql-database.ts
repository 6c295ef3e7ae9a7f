import { createHash } from 'node:crypto';
import { type Pool, type PoolClient, type QueryConfig, type QueryResult, types } from 'pg';
import type { SqlClient, TransactionalClient, TransactionOptions } from './sql-client';

/**
 * A service's hot path on `pg` directly: transactions and statements on the
 * same pool as its Prisma client, without Prisma's per-query planning.
 *
 * Prisma 6.19 turns every call, raw SQL included, into a plan in WebAssembly
 * and interprets it in JavaScript; measured on this machine, an interactive
 * transaction of four raw statements costs 0.57 ms of the client's CPU that
 * way, and 0.12 ms here (docs/performance.md). Prisma keeps the schema, the
 * migrations and the typed reads; what a saga step writes goes through here.
 *
 * Each statement text becomes a named prepared statement on the connection
 * that first runs it, so PostgreSQL parses and plans it once per connection.
 * Results match Prisma's raw queries: int8 as bigint, timestamps as Dates
 * (a `timestamp` without time zone is read as UTC, as Prisma writes it),
 * json as values.
 */
export class SqlDatabase implements TransactionalClient<SqlClient> {
  private static readonly DEFAULTS = { maxWait: 2_000, timeout: 5_000 } as const;

  constructor(private readonly pool: Pool) {}

  /**
   * Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it
   * throws. `maxWait` bounds the wait for a pooled connection, `timeout` the
   * whole transaction: a statement or COMMIT asked after it fails, and the
   * transaction is rolled back; no single statement may run longer either
   * (PostgreSQL's statement_timeout, set for the transaction).
   */
  async $transaction<R>(work: (tx: SqlClient) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
    const { maxWait, timeout } = { ...SqlDatabase.DEFAULTS, ...options };
    const client = await this.connect(maxWait);
    const tx = new SqlTransaction(client, Date.now() + timeout, timeout);
    try {
      // One round trip: the transaction, and a bound on each of its statements (a lock wait included), so that no
      // statement outlives the transaction's timeout by waiting.
      await client.query(`${begin(options.isolationLevel)}; SET LOCAL statement_timeout = ${Math.ceil(timeout)}`);
      const result = await work(tx);
      tx.finish({ committing: true });
      await client.query('COMMIT');
      release(client);
      return result;
    } catch (error) {
      tx.finish();
      await client.query('ROLLBACK').then(
        () => release(client),
        // The connection is gone or unusable: it leaves the pool instead of going back to it.
        (rollbackError: Error) => release(client, rollbackError),
      );
      throw error;
    }
  }

  /** One statement outside any transaction (autocommit). */
  async $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> {
    return (await this.autocommit(query, values)).rows as T;
  }

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return (await this.autocommit(query, values)).rowCount ?? 0;
  }

  /** The pool belongs to the service's Prisma client, which ends it. */
  async $disconnect(): Promise<void> {}

  private async autocommit(query: string, values: unknown[]): Promise<QueryResult> {
    const client = await this.connect(SqlDatabase.DEFAULTS.maxWait);
    try {
      const result = await client.query(statement(query, values));
      release(client);
      return result;
    } catch (error) {
      release(client, isConnectionLevel(error) ? (error as Error) : undefined);
      throw error;
    }
  }

  /** A pooled connection within `maxWait` ms, or a TransactionStartTimeout. */
  private connect(maxWait: number): Promise<PoolClient> {
    return new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new TransactionStartTimeout(maxWait));
      }, maxWait);
      this.pool.connect().then(
        (client) => {
          if (late) return client.release();
          clearTimeout(timer);
          resolve(client);
        },
        (error: Error) => {
          clearTimeout(timer);
          if (!late) reject(error);
        },
      );
    });
  }
}

/** No pooled connection was free within the transaction's `maxWait`: the database is saturated or away. */
export class TransactionStartTimeout extends Error {
  constructor(readonly maxWait: number) {
    super(`no database connection became free within ${maxWait} ms`);
    this.name = 'TransactionStartTimeout';
  }
}

/** The transaction ran past its `timeout`; it was rolled back. */
export class TransactionExpired extends Error {
  constructor(timeout: number) {
    super(`the transaction ran longer than its timeout of ${timeout} ms and was rolled back`);
    this.name = 'TransactionExpired';
  }
}

class SqlTransaction implements SqlClient {
  private finished = false;

  constructor(
    private readonly client: PoolClient,
    private readonly deadline: number,
    private readonly timeout: number,
  ) {}

  async $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> {
    return (await this.run(query, values)).rows as T;
  }

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return (await this.run(query, values)).rowCount ?? 0;
  }

  private run(query: string, values: unknown[]): Promise<QueryResult> {
    this.checkOpen();
    return this.client.query(statement(query, values));
  }

  /** No statement runs in it any more; committing past the deadline fails (and the caller rolls back). */
  finish({ committing = false } = {}): void {
    if (committing) this.checkOpen();
    this.finished = true;
  }

  private checkOpen(): void {
    if (this.finished) throw new Error('the transaction has ended: a statement cannot run in it any more');
    if (Date.now() > this.deadline) throw new TransactionExpired(this.timeout);
  }
}

const ISOLATION = {
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
} as const;

function begin(level: TransactionOptions['isolationLevel']): string {
  return level ? `BEGIN ISOLATION LEVEL ${ISOLATION[level]}` : 'BEGIN';
}

/**
 * Every statement text gets a name. Texts are constants in the code, so they are few; should code build texts on
 * the fly, those past this many run unnamed instead of filling every connection with prepared statements.
 */
const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

function statement(text: string, values: unknown[]): QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `surge_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { text, values: values.map(toParameter), name, types: RESULT_TYPES };
}

/** bigint parameters as text (pg cannot serialise them); everything else as pg does. */
function toParameter(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value) && value.some((item) => typeof item === 'bigint')) {
    return value.map((item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  }
  return value;
}

const INT8 = 20;
const TIMESTAMP = 1114;

/** The result parsers: Prisma's raw-query types for int8 and timestamp, pg's own for the rest. */
const RESULT_TYPES: QueryConfig['types'] = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (text: string) => BigInt(text);
    if (oid === TIMESTAMP) return (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
    return defaultParser(oid, format);
  }) as never,
};

function defaultParser(oid: number, format?: 'text' | 'binary'): (text: string) => unknown {
  return types.getTypeParser(oid, format ?? 'text') as (text: string) => unknown;
}

/**
 * Gives the connection back, or with an error destroys it. A connection that ended while checked out was evicted
 * already (createDatabasePool), and pg-pool throws on a second release.
 */
function release(client: PoolClient, error?: Error): void {
  try {
    client.release(error);
  } catch {
    // released by the eviction
  }
}

/** Errors after which the connection cannot be trusted (as opposed to the statement's own failure). */
function isConnectionLevel(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P');
}
