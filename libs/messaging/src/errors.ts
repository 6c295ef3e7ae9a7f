/**
 * Errors that say whether trying again can help. A consumer retries only
 * `retriable` failures; everything else goes straight to the dead-letter topic.
 * A programming error (isProgrammingError) never succeeds on a retry; any other
 * error that is not a MessagingError is treated as retriable, because an
 * unknown failure (a deadlock, a timeout) usually is. Failures of a dependency
 * (DependencyUnavailableError, network errors, a database outage) are a third
 * kind: waited out without counting attempts (see Outages).
 */
export class MessagingError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The bytes are not an event we can read: not Avro, unknown schema id, or a payload that does not match. */
export class UndecodableEventError extends MessagingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
  }
}

/** An event that decodes but that the handler can never process (a broken invariant, invalid data). */
export class PoisonEventError extends MessagingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
  }
}

/**
 * Something the work needs (the database, the broker, the registry) cannot be
 * reached right now. The message is not at fault: a consumer waits until the
 * dependency is back instead of counting attempts and dead-lettering.
 */
export class DependencyUnavailableError extends MessagingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
  }
}

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_ERROR_CODES = new Set([
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

/**
 * The built-in test for "a dependency is unavailable": a
 * DependencyUnavailableError, or a Node network error code on the error or
 * anywhere in its `cause` chain (and in an AggregateError's `errors`).
 * Conservative on purpose: anything else counts as the message's failure.
 */
export function isNetworkFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (candidate: unknown): boolean => {
    if (typeof candidate !== 'object' || candidate === null || seen.has(candidate) || seen.size > 32) return false;
    seen.add(candidate);
    if (candidate instanceof DependencyUnavailableError) return true;
    const { code, cause, errors } = candidate as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    return visit(cause) || (Array.isArray(errors) && errors.some(visit));
  };
  return visit(error);
}

/** The errors the runtime raises about the code itself, as kafkajs' UNRECOVERABLE_ERRORS. */
const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];

/**
 * A bug, not bad luck: a TypeError, RangeError, ReferenceError or
 * SyntaxError. Not when it is a network failure: Node's fetch reports an
 * unreachable host as `TypeError: fetch failed` with the network error as its
 * `cause`, and that is an outage to wait out. Nor when it has any other
 * `cause`: the runtime raises its own without one, so such an error wraps a
 * failure of something else.
 */
export function isProgrammingError(error: unknown): boolean {
  if (!PROGRAMMING_ERRORS.some((type) => error instanceof type)) return false;
  return (error as Error).cause === undefined && !isNetworkFailure(error);
}

/** Whether another attempt can succeed: a MessagingError says so itself; programming errors never. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof MessagingError) return error.retriable;
  return isNetworkFailure(error) || !isProgrammingError(error);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
