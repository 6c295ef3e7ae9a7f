import { randomUUID } from 'node:crypto';
import {
  FRAUD_CHECK_COMPLETED_V1,
  INVENTORY_REJECTED_V1,
  INVENTORY_RELEASED_V1,
  INVENTORY_RESERVED_V1,
  type OrderPlacedV1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_DECLINED_V1,
  PAYMENT_REFUNDED_V1,
  eventEnvelope,
} from '@surge/contracts';
import type { OutgoingEvent } from '@surge/messaging';

/** What orders' neighbours answer to a placed order, each caused by it (the saga's given events). */
export const sagaAnswers = {
  reserved: (order: OrderPlacedV1): OutgoingEvent => ({
    topic: INVENTORY_RESERVED_V1,
    event: { ...causedBy(order), lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })) },
  }),
  rejected: (order: OrderPlacedV1): OutgoingEvent => ({
    topic: INVENTORY_REJECTED_V1,
    event: { ...causedBy(order), reason: 'OUT_OF_STOCK', sku: 'MUG', detail: 'sku MUG: 3 requested, 1 available' },
  }),
  released: (order: OrderPlacedV1): OutgoingEvent => ({
    topic: INVENTORY_RELEASED_V1,
    event: { ...causedBy(order), lines: [], reason: 'ORDER_REJECTED', wasSold: false },
  }),
  fraud: (order: OrderPlacedV1, decision: 'APPROVED' | 'REJECTED'): OutgoingEvent => ({
    topic: FRAUD_CHECK_COMPLETED_V1,
    event: {
      ...causedBy(order),
      customerId: order.customerId,
      decision,
      score: decision === 'APPROVED' ? 5 : 95,
      reasons: decision === 'APPROVED' ? [] : ['BLOCKLISTED_CUSTOMER'],
      totalAmount: order.totalAmount,
      currency: order.currency,
    },
  }),
  authorized: (order: OrderPlacedV1): OutgoingEvent => ({
    topic: PAYMENT_AUTHORIZED_V1,
    event: {
      ...causedBy(order),
      paymentId: randomUUID(),
      customerId: order.customerId,
      amount: order.totalAmount,
      currency: order.currency,
    },
  }),
  declined: (order: OrderPlacedV1): OutgoingEvent => ({
    topic: PAYMENT_DECLINED_V1,
    event: {
      ...causedBy(order),
      customerId: order.customerId,
      reason: 'INSUFFICIENT_FUNDS',
      amount: order.totalAmount,
      currency: order.currency,
    },
  }),
  refunded: (order: OrderPlacedV1): OutgoingEvent => ({
    topic: PAYMENT_REFUNDED_V1,
    event: {
      ...causedBy(order),
      paymentId: randomUUID(),
      customerId: order.customerId,
      amount: order.totalAmount,
      currency: order.currency,
      reason: 'ORDER_CANCELLED',
    },
  }),
};

function causedBy(order: OrderPlacedV1) {
  return eventEnvelope(order.orderId, { causedBy: order });
}
