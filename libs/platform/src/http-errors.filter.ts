import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { isDatabaseUnavailable } from '@surge/persistence';
import type { Response } from 'express';
import { DomainError, type DomainErrorKind } from './domain-error';

const STATUS: Record<DomainErrorKind, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
};

const REASON: Partial<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What a client is told to wait before trying again while the database is away, in seconds. */
const RETRY_AFTER_SECONDS = 1;

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

/**
 * Every HTTP error answers `{ statusCode, error, message }` (docs/DESIGN.md), plus
 * `code` for domain errors. A database outage is answered 503 with
 * Retry-After. Anything else unexpected is logged and answered 500 without
 * internals; it is a bug, never the client's input.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception; // event handlers have their own policy
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      // A failed readiness check keeps terminus' report: which dependency is down, and why.
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // Not a bug and not the client's fault: the request may be sent again (orders take an Idempotency-Key).
      this.log.warn({ msg: 'database unavailable; answered 503', err: exception });
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      response.status(503).json({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'the database is unavailable right now; try again shortly',
      } satisfies ErrorBody);
      return;
    }
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.log.error({ msg: 'unhandled error', err: exception });
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.kind];
      return { statusCode, error: REASON[statusCode] ?? 'Error', message: exception.message, code: exception.code };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const answer = exception.getResponse();
      const message =
        typeof answer === 'object' && answer !== null && 'message' in answer
          ? (answer as { message: string | string[] }).message
          : exception.message;
      return { statusCode, error: REASON[statusCode] ?? exception.name, message };
    }
    // body-parser's errors (malformed JSON, too large) carry their status.
    const status = (exception as { status?: unknown; type?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, error: REASON[status] ?? 'Bad Request', message: (exception as Error).message };
    }
    return { statusCode: 500, error: REASON[500] as string, message: 'Internal server error' };
  }
}

/** The body @nestjs/terminus answers a failed health check with. */
function isHealthReport(answer: unknown): boolean {
  if (typeof answer !== 'object' || answer === null) return false;
  const { status, details } = answer as { status?: unknown; details?: unknown };
  return status === 'error' && typeof details === 'object' && details !== null;
}
