import { Controller } from '@nestjs/common';
import {
  FRAUD_CHECK_COMPLETED_V1,
  INVENTORY_REJECTED_V1,
  INVENTORY_RELEASED_V1,
  INVENTORY_RESERVED_V1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_DECLINED_V1,
  PAYMENT_REFUNDED_V1,
  RETRY_DELAYS_MS,
} from '@surge/contracts';
import { type DeliveredOn, OnEvent, retryThenDeadLetter } from '@surge/messaging';
import { ApplySagaAnswers } from './apply-saga-answers';

const POLICY = retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS });

/** Kafka adapter: every answer topic's batch goes to the same use case, in one transaction. */
@Controller()
export class SagaAnswersHandler {
  constructor(private readonly apply: ApplySagaAnswers) {}

  @OnEvent(INVENTORY_RESERVED_V1, { onFailure: POLICY })
  async onInventoryReserved(batch: DeliveredOn<typeof INVENTORY_RESERVED_V1>[]): Promise<void> {
    await this.apply.handle(batch.map((d) => ({ ...d, answer: { type: 'InventoryReserved' } })));
  }

  @OnEvent(INVENTORY_REJECTED_V1, { onFailure: POLICY })
  async onInventoryRejected(batch: DeliveredOn<typeof INVENTORY_REJECTED_V1>[]): Promise<void> {
    await this.apply.handle(
      batch.map((d) => ({
        ...d,
        answer: { type: 'InventoryRejected', reason: d.event.reason, detail: d.event.detail },
      })),
    );
  }

  @OnEvent(FRAUD_CHECK_COMPLETED_V1, { onFailure: POLICY })
  async onFraudCheckCompleted(batch: DeliveredOn<typeof FRAUD_CHECK_COMPLETED_V1>[]): Promise<void> {
    await this.apply.handle(
      batch.map((d) => ({
        ...d,
        answer: { type: 'FraudCheckCompleted', decision: d.event.decision, reasons: d.event.reasons },
      })),
    );
  }

  @OnEvent(PAYMENT_AUTHORIZED_V1, { onFailure: POLICY })
  async onPaymentAuthorized(batch: DeliveredOn<typeof PAYMENT_AUTHORIZED_V1>[]): Promise<void> {
    await this.apply.handle(batch.map((d) => ({ ...d, answer: { type: 'PaymentAuthorized' } })));
  }

  @OnEvent(PAYMENT_DECLINED_V1, { onFailure: POLICY })
  async onPaymentDeclined(batch: DeliveredOn<typeof PAYMENT_DECLINED_V1>[]): Promise<void> {
    await this.apply.handle(batch.map((d) => ({ ...d, answer: { type: 'PaymentDeclined', reason: d.event.reason } })));
  }

  @OnEvent(INVENTORY_RELEASED_V1, { onFailure: POLICY })
  async onInventoryReleased(batch: DeliveredOn<typeof INVENTORY_RELEASED_V1>[]): Promise<void> {
    await this.apply.handle(batch.map((d) => ({ ...d, answer: { type: 'InventoryReleased' } })));
  }

  @OnEvent(PAYMENT_REFUNDED_V1, { onFailure: POLICY })
  async onPaymentRefunded(batch: DeliveredOn<typeof PAYMENT_REFUNDED_V1>[]): Promise<void> {
    await this.apply.handle(batch.map((d) => ({ ...d, answer: { type: 'PaymentRefunded' } })));
  }
}
