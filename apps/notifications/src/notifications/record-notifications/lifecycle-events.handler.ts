import { Controller } from '@nestjs/common';
import {
  FRAUD_CHECK_COMPLETED_V1,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_REFUNDED_V1,
  RETRY_DELAYS_MS,
} from '@surge/contracts';
import { type DeliveredOn, OnEvent, retryThenDeadLetter } from '@surge/messaging';
import { fraudAlert, orderCancelled, orderConfirmed, orderRejected, paymentRefunded } from '../domain/render';
import { RecordNotifications } from './record-notifications';

const onFailure = retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS });

/**
 * Kafka adapter of the five lifecycle topics notifications tells someone about: one subscription per topic,
 * all with the same failure policy and use case, each with the renderer of its event.
 */
@Controller()
export class LifecycleEventsHandler {
  constructor(private readonly recorder: RecordNotifications) {}

  @OnEvent(ORDER_CONFIRMED_V1, { onFailure })
  async confirmed(batch: DeliveredOn<typeof ORDER_CONFIRMED_V1>[]): Promise<void> {
    await this.recorder.record(batch, orderConfirmed);
  }

  @OnEvent(ORDER_REJECTED_V1, { onFailure })
  async rejected(batch: DeliveredOn<typeof ORDER_REJECTED_V1>[]): Promise<void> {
    await this.recorder.record(batch, orderRejected);
  }

  @OnEvent(ORDER_CANCELLED_V1, { onFailure })
  async cancelled(batch: DeliveredOn<typeof ORDER_CANCELLED_V1>[]): Promise<void> {
    await this.recorder.record(batch, orderCancelled);
  }

  @OnEvent(PAYMENT_REFUNDED_V1, { onFailure })
  async refunded(batch: DeliveredOn<typeof PAYMENT_REFUNDED_V1>[]): Promise<void> {
    await this.recorder.record(batch, paymentRefunded);
  }

  @OnEvent(FRAUD_CHECK_COMPLETED_V1, { onFailure })
  async fraudChecked(batch: DeliveredOn<typeof FRAUD_CHECK_COMPLETED_V1>[]): Promise<void> {
    await this.recorder.record(batch, fraudAlert);
  }
}
