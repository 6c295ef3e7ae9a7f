import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OperationId } from '@surge/platform';
import { GetOrder } from './get-order';
import { OrderIdParams, OrderView, toView } from './get-order.dto';

@ApiTags('orders')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('orders')
export class GetOrderController {
  constructor(private readonly orders: GetOrder) {}

  @Get(':id')
  @OperationId('OrdersController_get')
  @ApiOkResponse({ type: OrderView })
  @ApiNotFoundResponse({ description: 'No such order (code ORDERS.ORDER_NOT_FOUND)' })
  async get(@Param() { id }: OrderIdParams): Promise<OrderView> {
    const order = await this.orders.get(id);
    return toView(order);
  }
}
