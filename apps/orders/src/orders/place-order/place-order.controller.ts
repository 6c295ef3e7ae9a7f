import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CorrelationId, DomainError, OperationId } from '@surge/platform';
import type { Response } from 'express';
import { IDEMPOTENCY_KEY_MAX } from '../domain/order-request';
import { PlaceOrder } from './place-order';
import { PlaceOrderDto, PlacedOrderView } from './place-order.dto';

@ApiTags('orders')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('orders')
export class PlaceOrderController {
  constructor(private readonly orders: PlaceOrder) {}

  @Post()
  @OperationId('OrdersController_place')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `1-${IDEMPOTENCY_KEY_MAX} characters, global scope: the same key with the same body returns the same order`,
  })
  @ApiAcceptedResponse({ type: PlacedOrderView, description: 'Order accepted as PENDING; Location names it' })
  @ApiOkResponse({ type: PlacedOrderView, description: 'Replay of an Idempotency-Key with the same body' })
  @ApiConflictResponse({ description: 'Idempotency-Key used with another body (code ORDERS.IDEMPOTENCY_KEY_REUSED)' })
  async place(
    @Body() body: PlaceOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CorrelationId() correlationId: string,
    @Res() response: Response,
  ): Promise<void> {
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > IDEMPOTENCY_KEY_MAX)) {
      throw new DomainError(
        'ORDERS.INVALID_IDEMPOTENCY_KEY',
        `Idempotency-Key: must be 1-${IDEMPOTENCY_KEY_MAX} characters`,
        'invalid',
      );
    }
    const placed = await this.orders.place(body, idempotencyKey ?? null, correlationId);
    const view: PlacedOrderView = { orderId: placed.orderId, status: placed.status };
    response
      .status(placed.created ? 202 : 200)
      .location(`/orders/${placed.orderId}`)
      .json(view);
  }
}
