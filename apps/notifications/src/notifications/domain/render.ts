import type {
  FraudCheckCompletedV1,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderRejectedV1,
  OrderRejectionReasonV1,
  PaymentRefundedV1,
} from '@surge/contracts';
import { formatMoney } from './money';
import type { NotificationDraft } from './notification';

/**
 * Why an order was rejected, for the customer. Fraud is not named to the
 * customer: operations get their own alert.
 */
const REJECTION_REASONS: Record<OrderRejectionReasonV1, string> = {
  OUT_OF_STOCK: 'some items are no longer in stock',
  UNKNOWN_SKU: 'it contains an item we do not sell',
  PRICE_MISMATCH: 'the price of an item changed while you were ordering',
  FRAUD_SUSPECTED: 'we could not verify the payment details',
  PAYMENT_DECLINED: 'your payment was declined',
  TIMEOUT: 'we could not process it in time',
  OTHER: 'we could not process it',
};

export function describeRejection(reason: OrderRejectionReasonV1): string {
  return REJECTION_REASONS[reason] ?? REJECTION_REASONS.OTHER;
}

const REFUND_REASONS: Readonly<Record<string, string>> = {
  ORDER_CANCELLED: 'because the order was cancelled',
  ORDER_REJECTED: 'because the order could not be completed',
};

export function orderConfirmed(event: OrderConfirmedV1): NotificationDraft {
  const total = formatMoney(event.totalAmount, event.currency);
  return {
    ...about(event),
    type: 'ORDER_CONFIRMED',
    channel: 'customer',
    subject: `Your order ${event.orderId} is confirmed`,
    body: `Thank you for your order. Order ${event.orderId} is confirmed and paid: ${total}.`,
  };
}

export function orderRejected(event: OrderRejectedV1): NotificationDraft {
  const total = formatMoney(event.totalAmount, event.currency);
  return {
    ...about(event),
    type: 'ORDER_REJECTED',
    channel: 'customer',
    subject: `We could not accept your order ${event.orderId}`,
    body:
      `We are sorry: your order ${event.orderId} (${total}) was not accepted because ` +
      `${event.reason === 'OTHER' && event.detail ? event.detail : describeRejection(event.reason)}. Any amount held on your card for it is released.`,
  };
}

export function orderCancelled(event: OrderCancelledV1): NotificationDraft {
  const total = formatMoney(event.totalAmount, event.currency);
  return {
    ...about(event),
    type: 'ORDER_CANCELLED',
    channel: 'customer',
    subject: `Your order ${event.orderId} is cancelled`,
    body: `Your order ${event.orderId} (${total}) is cancelled. Anything you paid for it will be refunded.`,
  };
}

export function paymentRefunded(event: PaymentRefundedV1): NotificationDraft {
  const amount = formatMoney(event.amount, event.currency);
  const why = REFUND_REASONS[event.reason];
  return {
    ...about(event),
    type: 'PAYMENT_REFUNDED',
    channel: 'customer',
    subject: `Refund of ${amount} for order ${event.orderId}`,
    body: `We refunded ${amount} for order ${event.orderId}${why ? ` ${why}` : ''}. It may take a few days to reach your account.`,
  };
}

/** An alert to operations for a fraud rejection; an approval tells nobody (null). */
export function fraudAlert(event: FraudCheckCompletedV1): NotificationDraft | null {
  if (event.decision !== 'REJECTED') return null;
  const total = formatMoney(event.totalAmount, event.currency);
  const rules = event.reasons.length > 0 ? event.reasons.join(', ') : 'none named';
  return {
    ...about(event),
    type: 'FRAUD_ALERT',
    channel: 'operations',
    subject: `Fraud check rejected order ${event.orderId}`,
    body:
      `The fraud check rejected order ${event.orderId} of customer ${event.customerId} (${total}) ` +
      `with a score of ${event.score}/100. Rules: ${rules}.`,
  };
}

function about(event: { orderId: string; customerId: string; correlationId: string }) {
  return { orderId: event.orderId, customerId: event.customerId, correlationId: event.correlationId };
}
