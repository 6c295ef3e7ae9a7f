import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ServiceUnavailableError } from './upstream';

/** A service that could not be asked is the console's upstream failing: 502, naming the service. */
@Catch(ServiceUnavailableError)
export class ServiceUnavailableFilter implements ExceptionFilter<ServiceUnavailableError> {
  catch(error: ServiceUnavailableError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(HttpStatus.BAD_GATEWAY).json({
      statusCode: HttpStatus.BAD_GATEWAY,
      error: 'Bad Gateway',
      message: error.message,
      service: error.service,
    });
  }
}
