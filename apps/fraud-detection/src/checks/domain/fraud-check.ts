import type { FraudDecisionV1, OrderPlacedV1 } from '@surge/contracts';
import type { FraudThresholds } from '../../rules/domain/fraud-rules';
import { scoreOrder } from './score-order';
import { ordersInWindow } from './velocity';

/** One stored check: the verdict and the facts it was made on. */
export interface FraudCheckRecord {
  readonly orderId: string;
  readonly customerId: string;
  readonly cardFingerprint: string;
  readonly decision: FraudDecisionV1;
  readonly score: number;
  readonly reasons: string[];
  /** Minor units of currency. */
  readonly totalAmount: number;
  readonly currency: string;
  readonly cardCountry: string;
  readonly shippingCountry: string;
  /** When the order was placed, epoch milliseconds. */
  readonly occurredAt: number;
}

/** What the rules know when a batch is scored. */
export interface ScoringContext {
  readonly thresholds: FraudThresholds;
  /** Which of the batch's customers and (lowercase) card fingerprints are on the blocklist. */
  readonly blocklisted: {
    readonly customerIds: ReadonlySet<string>;
    readonly cardFingerprints: ReadonlySet<string>;
  };
  /** Per customer: when their already checked orders near this batch's were placed, epoch ms. */
  readonly history: ReadonlyMap<string, readonly number[]>;
}

/**
 * Scores new orders in the given order (the partition's offset order). Each
 * order joins its customer's history before the next is scored, so orders of
 * one customer in one batch count each other. The velocity count includes
 * the order being scored: with at most 5 orders allowed in 60 s, the 6th
 * order placed within 60 s of the first is rejected.
 */
export function scoreOrders(orders: readonly OrderPlacedV1[], context: ScoringContext): FraudCheckRecord[] {
  const windowMs = context.thresholds.velocityWindowSeconds * 1_000;
  const history = new Map([...context.history].map(([customer, times]) => [customer, [...times]]));
  return orders.map((order) => {
    const placedAt = history.get(order.customerId) ?? [];
    placedAt.push(order.occurredAt);
    history.set(order.customerId, placedAt);
    const verdict = scoreOrder(
      {
        totalAmount: order.totalAmount,
        cardCountry: order.cardCountry,
        shippingCountry: order.shippingCountry,
        customerBlocklisted: context.blocklisted.customerIds.has(order.customerId),
        cardBlocklisted: context.blocklisted.cardFingerprints.has(fingerprintOf(order)),
        ordersInWindow: ordersInWindow(placedAt, order.occurredAt, windowMs),
      },
      context.thresholds,
    );
    return {
      orderId: order.orderId,
      customerId: order.customerId,
      cardFingerprint: fingerprintOf(order),
      ...verdict,
      totalAmount: order.totalAmount,
      currency: order.currency,
      cardCountry: order.cardCountry,
      shippingCountry: order.shippingCountry,
      occurredAt: order.occurredAt,
    };
  });
}

/** The first OrderPlaced of each order not checked yet, in delivery order. */
export function ordersToCheck(orders: readonly OrderPlacedV1[], checked: ReadonlySet<string>): OrderPlacedV1[] {
  const seen = new Set(checked);
  const toCheck: OrderPlacedV1[] = [];
  for (const order of orders) {
    if (seen.has(order.orderId)) continue;
    seen.add(order.orderId);
    toCheck.push(order);
  }
  return toCheck;
}

/** Fingerprints compare in lowercase, as the blocklist stores them. */
export function fingerprintOf(order: OrderPlacedV1): string {
  return order.paymentTokenFingerprint.toLowerCase();
}

/** PostgreSQL timestamptz and JS Date both hold this range; epoch ms. */
const LATEST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/** Why an OrderPlaced can never be checked (stored), or undefined when it can. */
export function whyUncheckable(order: OrderPlacedV1): string | undefined {
  if (!Number.isSafeInteger(order.occurredAt) || order.occurredAt < 0 || order.occurredAt > LATEST_TIME) {
    return `occurredAt ${order.occurredAt} is not a time between 1970 and 9999`;
  }
  if (!Number.isSafeInteger(order.totalAmount) || order.totalAmount < 0) {
    return `totalAmount ${order.totalAmount} is not a non-negative amount in minor units`;
  }
  return undefined;
}
