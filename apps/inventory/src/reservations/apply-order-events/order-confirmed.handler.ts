import { Controller } from '@nestjs/common';
import { ORDER_CONFIRMED_V1, RETRY_DELAYS_MS } from '@surge/contracts';
import { type DeliveredOn, OnEvent, retryThenDeadLetter } from '@surge/messaging';
import { ApplyOrderEvents } from './apply-order-events';

@Controller()
export class OrderConfirmedHandler {
  constructor(private readonly apply: ApplyOrderEvents) {}

  @OnEvent(ORDER_CONFIRMED_V1, { onFailure: retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS }) })
  async onOrderConfirmed(batch: DeliveredOn<typeof ORDER_CONFIRMED_V1>[]): Promise<void> {
    await this.apply.handle(
      batch.map((delivery) => {
        const { orderId, correlationId } = delivery.event;
        return { ...delivery, orderEvent: { type: 'confirmed', orderId, correlationId } };
      }),
    );
  }
}
