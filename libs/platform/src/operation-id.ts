import { ApiOperation } from '@nestjs/swagger';

/**
 * Pins a route's OpenAPI operationId. Nest derives the id from the controller's class and method
 * names, so a controller split into one per use case would rename operations in the published
 * document and break clients generated from it. `summary: undefined` keeps ApiOperation from
 * adding an empty summary.
 */
export function OperationId(operationId: string): MethodDecorator {
  return ApiOperation({ operationId, summary: undefined });
}
