import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { OrdersDatabase } from '../../database';
import { type OrderFilter, OrdersRepository, type StoredOrder } from '../orders.repository';

/** One page of orders, newest first, and how many match the filter. */
@Injectable()
export class ListOrders {
  constructor(
    private readonly orders: OrdersRepository,
    @Inject(DATABASE) private readonly db: OrdersDatabase,
  ) {}

  async list(filter: OrderFilter): Promise<{ items: StoredOrder[]; total: number }> {
    return this.orders.page(this.db, filter);
  }
}
