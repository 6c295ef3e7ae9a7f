import { randomUUID } from 'node:crypto';
import type { OrderPlacedV1 } from '@surge/contracts';

/** A valid OrderPlaced event; override what the test is about. */
export function anOrderPlaced(overrides: Partial<OrderPlacedV1> = {}): OrderPlacedV1 {
  const orderId = overrides.orderId ?? randomUUID();
  return {
    eventId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: Date.now(),
    orderId,
    customerId: `customer-${orderId.slice(0, 8)}`,
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: 1_250 }],
    totalAmount: 2_500,
    paymentTokenFingerprint: 'a'.repeat(64),
    cardCountry: 'DE',
    shippingCountry: 'DE',
    ...overrides,
  };
}
