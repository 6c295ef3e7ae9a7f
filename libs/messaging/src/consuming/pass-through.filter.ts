import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC filter replaces any error with a generic
 * "Internal server error". Event handlers need the original error, whose
 * `retriable` flag decides between a retry and the dead-letter topic.
 */
@Catch()
export class EventErrorPassThroughFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
