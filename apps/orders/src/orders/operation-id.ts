import { ApiOperation } from '@nestjs/swagger';

/**
 * Keeps a route's OpenAPI operationId as it was when one OrdersController served every
 * route, so the published document, and clients generated from it, do not change.
 * `summary: undefined` stops ApiOperation from adding an empty summary.
 */
export function OrdersOperation(method: 'place' | 'list' | 'get' | 'cancel'): MethodDecorator {
  return ApiOperation({ operationId: `OrdersController_${method}`, summary: undefined });
}
