/**
 * What went wrong, in domain terms. Use cases throw these; only the HTTP
 * layer turns them into status codes (HttpErrorsFilter, installed app-wide by ServiceModule).
 *
 * - invalid: the request cannot be right as sent (400)
 * - not_found: what it names does not exist (404)
 * - conflict: it clashes with the current state, e.g. a duplicate (409)
 * - unprocessable: well-formed, but the domain refuses it (422)
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    /** Stable, documented code, e.g. `INVENTORY.SKU_EXISTS`. */
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}
