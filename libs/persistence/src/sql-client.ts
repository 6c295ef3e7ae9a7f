/**
 * The SQL this library runs: statements with positional parameters (`$1`),
 * in a transaction or on their own. SqlDatabase implements it on `pg`
 * directly, and TransactionRunner, the outbox, the inbox and the relay run on
 * SqlDatabase, so they work with any service's schema. The method names are
 * Prisma's raw-query API, so a service's Prisma client satisfies it as well
 * (ServiceModule's `database`, which the readiness check asks).
 */
export interface SqlClient {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

export interface TransactionOptions {
  readonly maxWait?: number;
  readonly timeout?: number;
  readonly isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
}

export interface TransactionalClient<Tx extends SqlClient = SqlClient> extends SqlClient {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: TransactionOptions): Promise<R>;
  $disconnect(): Promise<void>;
}
