import {
  eventEnvelope,
  type OrderCancelledV1,
  type OrderRejectedV1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_DECLINED_V1,
  PAYMENT_REFUNDED_V1,
  type PaymentRequestedV1,
} from '@surge/contracts';
import type { OutboxEntry } from '@surge/persistence';
import type { DeclineReason, Payment, RefundReason } from './domain/payment';

/** The answer to a PaymentRequested: PaymentAuthorized or PaymentDeclined, as the payment was stored. */
export function paymentOutcomeEvent(payment: Payment, cause: PaymentRequestedV1): OutboxEntry {
  const fields = {
    ...eventEnvelope(payment.orderId, { causedBy: cause }),
    customerId: payment.customerId,
    amount: Number(payment.amount),
    currency: payment.currency,
  };
  if (payment.status === 'AUTHORIZED') {
    return { topic: PAYMENT_AUTHORIZED_V1, event: { ...fields, paymentId: payment.paymentId } };
  }
  // A DECLINED payment always carries the processor's decline reason.
  return { topic: PAYMENT_DECLINED_V1, event: { ...fields, reason: payment.reason as DeclineReason } };
}

/** PaymentRefunded for a payment given back because its order was closed; amount in minor units. */
export function paymentRefundedEvent(
  payment: Payment,
  reason: RefundReason,
  cause: OrderCancelledV1 | OrderRejectedV1,
): OutboxEntry {
  return {
    topic: PAYMENT_REFUNDED_V1,
    event: {
      ...eventEnvelope(payment.orderId, { causedBy: cause }),
      paymentId: payment.paymentId,
      customerId: payment.customerId,
      amount: Number(payment.amount),
      currency: payment.currency,
      reason,
    },
  };
}
