import { Controller } from '@nestjs/common';
import { ORDER_CANCELLED_V1, RETRY_DELAYS_MS } from '@surge/contracts';
import { type DeliveredOn, OnEvent, retryThenDeadLetter } from '@surge/messaging';
import { ApplyOrderEvents } from './apply-order-events';

@Controller()
export class OrderCancelledHandler {
  constructor(private readonly apply: ApplyOrderEvents) {}

  @OnEvent(ORDER_CANCELLED_V1, { onFailure: retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS }) })
  async onOrderCancelled(batch: DeliveredOn<typeof ORDER_CANCELLED_V1>[]): Promise<void> {
    await this.apply.handle(
      batch.map((delivery) => {
        const { orderId, correlationId } = delivery.event;
        return { ...delivery, orderEvent: { type: 'cancelled', orderId, correlationId } };
      }),
    );
  }
}
