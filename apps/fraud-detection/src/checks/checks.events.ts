import { eventEnvelope, FRAUD_CHECK_COMPLETED_V1, type OrderPlacedV1 } from '@surge/contracts';
import type { OutboxEntry } from '@surge/persistence';
import type { FraudCheckRecord } from './domain/fraud-check';

/** FraudCheckCompleted for a stored check, caused by the OrderPlaced it scored; occurredAt is scoring time. */
export function fraudCheckCompletedEvent(check: FraudCheckRecord, cause: OrderPlacedV1): OutboxEntry {
  return {
    topic: FRAUD_CHECK_COMPLETED_V1,
    event: {
      ...eventEnvelope(check.orderId, { causedBy: cause }),
      customerId: check.customerId,
      decision: check.decision,
      score: check.score,
      reasons: check.reasons,
      totalAmount: check.totalAmount,
      currency: check.currency,
    },
  };
}
