import {
  eventEnvelope,
  type EventOrigin,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_REQUESTED_V1,
} from '@surge/contracts';
import type { OutboxEntry } from '@surge/persistence';
import type { SagaDecision } from './domain/order-saga';
import type { LockedOrder, NewOrder, TimelineRecord } from './orders.repository';

/** An event orders publishes, and the timeline entry that records it. */
export interface Published {
  readonly entry: OutboxEntry;
  readonly timeline: TimelineRecord;
}

/** OrderPlaced for a newly stored order: the request started the saga, at the order's creation time. */
export function orderPlaced(order: NewOrder): Published {
  const envelope = eventEnvelope(
    order.id,
    { startedBy: { correlationId: order.correlationId } },
    order.createdAt.getTime(),
  );
  return {
    entry: {
      topic: ORDER_PLACED_V1,
      event: {
        ...envelope,
        customerId: order.customerId,
        currency: order.currency,
        lines: order.items.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
        totalAmount: order.totalAmount,
        paymentTokenFingerprint: order.cardFingerprint,
        cardCountry: order.cardCountry,
        shippingCountry: order.shippingAddress.country ?? '',
      },
      traceParent: order.traceParent,
    },
    timeline: { orderId: order.id, type: 'OrderPlaced', at: order.createdAt, eventId: envelope.eventId },
  };
}

/**
 * The event orders publishes for a decision, and its timeline entry. The origin is the
 * consumed answer that led to it, or the request (a cancel; the saga deadline acts for
 * the request that placed the order).
 */
export function decisionEvent(order: LockedOrder, decision: SagaDecision, origin: EventOrigin): Published {
  const envelope = eventEnvelope(order.id, origin);
  const money = { customerId: order.customerId, totalAmount: order.totalAmount, currency: order.currency };
  const timeline = {
    orderId: order.id,
    type: decision.type,
    at: new Date(envelope.occurredAt),
    eventId: envelope.eventId,
  };
  switch (decision.type) {
    case 'PaymentRequested': {
      // The saga requests payment only while the token is kept (see LockedOrder.paymentToken).
      if (order.paymentToken === null) throw new Error(`invariant broken: order ${order.id} has no payment token`);
      return {
        entry: {
          topic: PAYMENT_REQUESTED_V1,
          event: {
            ...envelope,
            customerId: order.customerId,
            amount: order.totalAmount,
            currency: order.currency,
            paymentToken: order.paymentToken,
          },
        },
        timeline,
      };
    }
    case 'OrderRejected':
      return {
        entry: {
          topic: ORDER_REJECTED_V1,
          event: { ...envelope, ...money, reason: decision.reason, detail: decision.detail },
        },
        timeline,
      };
    case 'OrderConfirmed':
      return { entry: { topic: ORDER_CONFIRMED_V1, event: { ...envelope, ...money } }, timeline };
    case 'OrderCancelled':
      return { entry: { topic: ORDER_CANCELLED_V1, event: { ...envelope, ...money } }, timeline };
  }
}
