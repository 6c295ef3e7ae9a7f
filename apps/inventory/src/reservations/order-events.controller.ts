import { Controller } from '@nestjs/common';
import {
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  type OrderCancelledV1,
  type OrderConfirmedV1,
  type OrderRejectedV1,
  RETRY_DELAYS_MS,
} from '@surge/contracts';
import { type Delivered, type DeliveredOn, OnEvent, retryThenDeadLetter } from '@surge/messaging';
import { ApplyOrderEvents, type OrderEventDelivery } from './apply-order-events';

const POLICY = retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS });

/** Kafka adapter: each order topic's batch goes to the same use case, in one transaction. */
@Controller()
export class OrderEventsController {
  constructor(private readonly apply: ApplyOrderEvents) {}

  @OnEvent(ORDER_PLACED_V1, { onFailure: POLICY })
  async onOrderPlaced(batch: DeliveredOn<typeof ORDER_PLACED_V1>[]): Promise<void> {
    await this.apply.handle(
      batch.map((delivery) => {
        const { orderId, correlationId, currency, lines } = delivery.event;
        return { ...delivery, orderEvent: { type: 'placed', orderId, correlationId, currency, lines } };
      }),
    );
  }

  @OnEvent(ORDER_REJECTED_V1, { onFailure: POLICY })
  async onOrderRejected(batch: DeliveredOn<typeof ORDER_REJECTED_V1>[]): Promise<void> {
    await this.apply.handle(batch.map((delivery) => as('rejected', delivery)));
  }

  @OnEvent(ORDER_CANCELLED_V1, { onFailure: POLICY })
  async onOrderCancelled(batch: DeliveredOn<typeof ORDER_CANCELLED_V1>[]): Promise<void> {
    await this.apply.handle(batch.map((delivery) => as('cancelled', delivery)));
  }

  @OnEvent(ORDER_CONFIRMED_V1, { onFailure: POLICY })
  async onOrderConfirmed(batch: DeliveredOn<typeof ORDER_CONFIRMED_V1>[]): Promise<void> {
    await this.apply.handle(batch.map((delivery) => as('confirmed', delivery)));
  }
}

function as(
  type: 'rejected' | 'cancelled' | 'confirmed',
  delivery: Delivered<OrderRejectedV1 | OrderCancelledV1 | OrderConfirmedV1>,
): OrderEventDelivery {
  const { orderId, correlationId } = delivery.event;
  return { ...delivery, orderEvent: { type, orderId, correlationId } };
}
