import { randomUUID } from 'node:crypto';
import { ORDER_CANCELLED_V1, ORDER_CONFIRMED_V1, ORDER_REJECTED_V1, PAYMENT_REQUESTED_V1 } from '@surge/contracts';
import type { OutboxEntry } from '@surge/persistence';
import type { SagaDecision } from './domain/order-saga';
import type { LockedOrder, TimelineRecord } from './orders.repository';

/** What caused a decision: a consumed event (causationId = its id) or a request (null). */
export interface Cause {
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** The event orders publishes for a decision, and its timeline entry. */
export function decisionEvent(
  order: LockedOrder,
  decision: SagaDecision,
  cause: Cause,
): { entry: OutboxEntry; timeline: TimelineRecord } {
  const envelope = {
    eventId: randomUUID(),
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    occurredAt: Date.now(),
    orderId: order.id,
  };
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
