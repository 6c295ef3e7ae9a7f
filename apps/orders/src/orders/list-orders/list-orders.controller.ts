import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OperationId } from '@surge/platform';
import type { Response } from 'express';
import { ListOrders } from './list-orders';
import { ListOrdersQuery, OrderSummaryView, toSummary } from './list-orders.dto';

/** Total number of orders matching the filter, for paging through GET /orders. */
const TOTAL_HEADER = 'X-Total-Count';

@ApiTags('orders')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('orders')
export class ListOrdersController {
  constructor(private readonly orders: ListOrders) {}

  @Get()
  @OperationId('OrdersController_list')
  @ApiOkResponse({
    type: OrderSummaryView,
    isArray: true,
    description: `Newest first, without the timeline; the ${TOTAL_HEADER} header gives the total`,
  })
  async list(
    @Query() query: ListOrdersQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OrderSummaryView[]> {
    const page = await this.orders.list(query);
    response.setHeader(TOTAL_HEADER, String(page.total));
    return page.items.map(toSummary);
  }
}
