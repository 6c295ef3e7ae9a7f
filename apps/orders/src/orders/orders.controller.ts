import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CorrelationId, DomainError } from '@surge/platform';
import type { Response } from 'express';
import { IDEMPOTENCY_KEY_MAX } from './domain/order-request';
import {
  ListOrdersQuery,
  OrderIdParams,
  OrderSummaryView,
  OrderView,
  PlaceOrderDto,
  PlacedOrderView,
} from './orders.dto';
import type { OrderWithTimeline, StoredOrder } from './orders.repository';
import { OrdersService } from './orders.service';

/** Total number of orders matching the filter, for paging through GET /orders. */
const TOTAL_HEADER = 'X-Total-Count';

@ApiTags('orders')
@ApiBadRequestResponse({ description: 'Malformed or invalid input; the message names every offending field' })
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
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

  @Get()
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

  @Get(':id')
  @ApiOkResponse({ type: OrderView })
  @ApiNotFoundResponse({ description: 'No such order (code ORDERS.ORDER_NOT_FOUND)' })
  async get(@Param() { id }: OrderIdParams): Promise<OrderView> {
    const order = await this.orders.get(id);
    return toView(order);
  }

  @Post(':id/cancel')
  @HttpCode(202)
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

function toSummary(order: StoredOrder): OrderSummaryView {
  return {
    orderId: order.id,
    customerId: order.customerId,
    status: order.status,
    ...(order.reason === null ? {} : { reason: order.reason }),
    items: order.items,
    totalAmount: order.totalAmount,
    currency: order.currency,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

function toView(order: OrderWithTimeline): OrderView {
  return { ...toSummary(order), timeline: order.timeline.map(({ type, at }) => ({ type, at: at.toISOString() })) };
}
