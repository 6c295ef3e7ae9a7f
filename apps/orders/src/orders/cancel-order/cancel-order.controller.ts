import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CorrelationId, DomainError, OperationId } from '@surge/platform';
import { OrderIdParams } from '../get-order/get-order.dto';
import { PlacedOrderView } from '../place-order/place-order.dto';
import { CancelOrder } from './cancel-order';

@ApiTags('orders')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('orders')
export class CancelOrderController {
  constructor(private readonly orders: CancelOrder) {}

  @Post(':id/cancel')
  @HttpCode(202)
  @OperationId('OrdersController_cancel')
  @ApiAcceptedResponse({ type: PlacedOrderView, description: 'Cancelled; OrderCancelled is published' })
  @ApiNotFoundResponse({ description: 'No such order (code ORDERS.ORDER_NOT_FOUND)' })
  @ApiConflictResponse({ description: 'The order is already REJECTED or CANCELLED (code ORDERS.ORDER_FINAL)' })
  cancel(
    @Param() { id }: OrderIdParams,
    @Body() body: unknown,
    @CorrelationId() correlationId: string,
  ): Promise<PlacedOrderView> {
    const fields = body !== null && typeof body === 'object' ? Object.keys(body) : [];
    if (fields.length > 0) {
      throw new DomainError(
        'ORDERS.INVALID_REQUEST',
        fields.map((field) => `${field}: is not an accepted field`).join('; '),
        'invalid',
      );
    }
    return this.orders.cancel(id, correlationId);
  }
}
