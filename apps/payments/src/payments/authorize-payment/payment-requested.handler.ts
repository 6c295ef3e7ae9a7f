import { Controller } from '@nestjs/common';
import { PAYMENT_REQUESTED_V1, RETRY_DELAYS_MS } from '@surge/contracts';
import { type DeliveredOn, OnEvent, retryThenDeadLetter } from '@surge/messaging';
import { AuthorizePayments } from './authorize-payment';

@Controller()
export class PaymentRequestedHandler {
  constructor(private readonly authorize: AuthorizePayments) {}

  @OnEvent(PAYMENT_REQUESTED_V1, { onFailure: retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS }) })
  async onPaymentRequested(batch: DeliveredOn<typeof PAYMENT_REQUESTED_V1>[]): Promise<void> {
    await this.authorize.handle(batch);
  }
}
