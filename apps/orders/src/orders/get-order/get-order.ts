import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, DomainError } from '@surge/platform';
import type { OrdersDatabase } from '../../database';
import { OrdersRepository, type OrderWithTimeline } from '../orders.repository';

/** One order with its timeline. */
@Injectable()
export class GetOrder {
  constructor(
    private readonly orders: OrdersRepository,
    @Inject(DATABASE) private readonly db: OrdersDatabase,
  ) {}

  async get(orderId: string): Promise<OrderWithTimeline> {
    const order = await this.orders.find(this.db, orderId);
    if (!order) throw orderNotFound(orderId);
    return order;
  }
}

export function orderNotFound(orderId: string): DomainError {
  return new DomainError('ORDERS.ORDER_NOT_FOUND', `order ${orderId} does not exist`, 'not_found');
}
