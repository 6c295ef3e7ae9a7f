import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The request's correlation id (from `x-correlation-id` or made at the edge); pass it into the events a request causes. */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ id?: unknown }>();
  return String(request.id);
});
