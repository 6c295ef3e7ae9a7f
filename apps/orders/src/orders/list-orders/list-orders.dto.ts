import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CUSTOMER_ID_MAX, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/order-request';
import { ORDER_STATUSES, type OrderStatus } from '../domain/order-saga';
import type { StoredOrder } from '../orders.repository';

export class ListOrdersQuery {
  @ApiPropertyOptional({ maxLength: CUSTOMER_ID_MAX })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CUSTOMER_ID_MAX)
  customerId?: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES, { message: `must be one of ${ORDER_STATUSES.join(', ')}` })
  status?: OrderStatus;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;
}

export class OrderItemView {
  @ApiProperty({ example: 'KETTLE-01' })
  sku!: string;

  @ApiProperty({ example: 2 })
  quantity!: number;

  @ApiProperty({ example: 2500, description: 'Minor units of currency' })
  unitPrice!: number;
}

/** An order without its timeline: what GET /orders lists, and what GET /orders/:id extends. */
export class OrderSummaryView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ example: 'customer-42' })
  customerId!: string;

  @ApiProperty({ enum: ORDER_STATUSES })
  status!: string;

  @ApiPropertyOptional({
    enum: ['OUT_OF_STOCK', 'UNKNOWN_SKU', 'PRICE_MISMATCH', 'FRAUD_SUSPECTED', 'PAYMENT_DECLINED', 'OTHER'],
    description: 'Only when REJECTED',
  })
  reason?: string;

  @ApiProperty({ type: [OrderItemView] })
  items!: OrderItemView[];

  @ApiProperty({ example: 5000, description: 'Minor units of currency' })
  totalAmount!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export function toSummary(order: StoredOrder): OrderSummaryView {
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
