import { TransactionStartTimeout } from './sql-database';

/**
 * Whether an error means that the service's PostgreSQL cannot serve it right
 * now (down, restarting, unreachable, out of connections) rather than that
 * the work itself is wrong. Consumers wait such failures out instead of
 * counting them as attempts (MessagingOptions.isInfrastructureFailure).
 *
 * Classified on what Prisma 6.19 over @prisma/adapter-pg throws, as observed
 * against a PostgreSQL stopped, restarted and terminating sessions
 * (database-errors.int-spec.ts pins each case):
 * - PrismaClientKnownRequestError whose `meta.driverAdapterError.cause` says
 *   the server is unreachable (`kind` DatabaseNotReachable, ConnectionClosed,
 *   SocketTimeout, TooManyConnections) or carries a PostgreSQL code of a lost
 *   connection (`kind` "postgres", code 57P01 when an administrator or a
 *   shutdown ends the session). Its own `code` varies with the call: P2010
 *   for raw queries, P1001/P1017/P2037 for transactions and model queries.
 * - the same codes on a pg error, or a DriverAdapterError, thrown as they are;
 * - P2028 "Unable to start a transaction in the given time": the pool had no
 *   connection to give within the transaction's maxWait;
 * - pg's own errors, which carry no code and which the adapter passes on
 *   untouched: "Connection terminated unexpectedly", "Client has encountered
 *   a connection error and is not queryable", "timeout exceeded when trying
 *   to connect" (the pool's connection timeout);
 * - Node's socket errors (ECONNREFUSED, ECONNRESET, ...);
 * - SqlDatabase's TransactionStartTimeout: no pooled connection came free
 *   within the transaction's maxWait.
 * Constraint violations, syntax errors, serialization failures and timeouts
 * of a transaction that ran too long are the work's own failures: false.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (candidate: unknown): boolean => {
    if (typeof candidate !== 'object' || candidate === null || seen.has(candidate) || seen.size > 32) return false;
    seen.add(candidate);
    const found = candidate as ErrorShape;
    if (isOutageCode(found.code) || isOutageMessage(found.message) || isUnreachableKind(found)) return true;
    if (candidate instanceof TransactionStartTimeout || (candidate as Error).name === 'TransactionStartTimeout')
      return true;
    if (found.code === 'P2028' && typeof found.message === 'string' && POOL_EXHAUSTED.test(found.message)) return true;
    return (
      visit(found.cause) ||
      visit(found.meta?.driverAdapterError) ||
      (Array.isArray(found.errors) && found.errors.some(visit))
    );
  };
  return visit(error);
}

interface ErrorShape {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly kind?: unknown;
  readonly originalCode?: unknown;
  readonly cause?: unknown;
  readonly meta?: { readonly driverAdapterError?: unknown };
  readonly errors?: unknown;
}

/** Prisma's codes for a server that cannot be reached or used (a transaction or model query says so directly). */
const PRISMA_OUTAGE_CODES = new Set([
  'P1001', // can't reach database server
  'P1002', // the server was reached but timed out
  'P1008', // socket timeout
  'P1017', // server has closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2037', // too many database connections opened
]);

/**
 * PostgreSQL's codes (SQLSTATE) for a session that could not start or was
 * cut off. Class 08 is "connection exception".
 */
const POSTGRES_OUTAGE_CODES = new Set([
  '57P01', // admin_shutdown: terminated by an administrator or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '53300', // too_many_connections
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The driver adapter's kinds for a server that cannot be reached or used. */
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** pg's own errors, thrown without a code (pg and pg-pool source). */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated unexpectedly$/,
  /^Connection terminated due to connection timeout$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
];

const POOL_EXHAUSTED = /Unable to start a transaction in the given time/;

function isOutageCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  return (
    PRISMA_OUTAGE_CODES.has(code) ||
    POSTGRES_OUTAGE_CODES.has(code) ||
    /^08[0-9A-Z]{3}$/.test(code) ||
    NETWORK_CODES.has(code)
  );
}

function isOutageMessage(message: unknown): boolean {
  return typeof message === 'string' && PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/** A DriverAdapterError's cause: `{ kind, originalCode?, code? }`. */
function isUnreachableKind(candidate: ErrorShape): boolean {
  if (typeof candidate.kind !== 'string') return false;
  if (UNREACHABLE_KINDS.has(candidate.kind)) return true;
  return candidate.kind === 'postgres' && isOutageCode(candidate.originalCode);
}
