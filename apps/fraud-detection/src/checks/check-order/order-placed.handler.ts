import { Controller } from '@nestjs/common';
import { ORDER_PLACED_V1, RETRY_DELAYS_MS } from '@surge/contracts';
import { type DeliveredOn, OnEvent, retryThenDeadLetter } from '@surge/messaging';
import { CheckOrders } from './check-order';

@Controller()
export class OrderPlacedHandler {
  constructor(private readonly checkOrders: CheckOrders) {}

  @OnEvent(ORDER_PLACED_V1, { onFailure: retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS }) })
  async onOrderPlaced(batch: DeliveredOn<typeof ORDER_PLACED_V1>[]): Promise<void> {
    await this.checkOrders.handle(batch);
  }
}
