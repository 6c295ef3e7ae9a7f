import { Controller } from '@nestjs/common';
import { ORDER_CANCELLED_V1, ORDER_REJECTED_V1, RETRY_DELAYS_MS } from '@surge/contracts';
import { type DeliveredOn, OnEvent, retryThenDeadLetter } from '@surge/messaging';
import { RefundPayments } from './refund-payment';

@Controller()
export class OrderClosedHandler {
  constructor(private readonly refunds: RefundPayments) {}

  @OnEvent(ORDER_CANCELLED_V1, { onFailure: retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS }) })
  async onOrderCancelled(batch: DeliveredOn<typeof ORDER_CANCELLED_V1>[]): Promise<void> {
    await this.refunds.handle(batch, 'ORDER_CANCELLED');
  }

  /** A payment authorized for an order that was rejected anyway (a late authorization) is voided. */
  @OnEvent(ORDER_REJECTED_V1, { onFailure: retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS }) })
  async onOrderRejected(batch: DeliveredOn<typeof ORDER_REJECTED_V1>[]): Promise<void> {
    await this.refunds.handle(batch, 'ORDER_REJECTED');
  }
}
