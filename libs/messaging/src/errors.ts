/**
 * Errors that say whether trying again can help. A consumer retries only
 * `retriable` failures; everything else goes straight to the dead-letter topic.
 * Anything that is not a MessagingError is treated as retriable, because an
 * unknown failure (a lost connection, a deadlock) usually is.
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

export function isRetriable(error: unknown): boolean {
  return error instanceof MessagingError ? error.retriable : true;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
