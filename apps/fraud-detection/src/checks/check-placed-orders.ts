import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FRAUD_CHECK_COMPLETED_V1, type OrderPlacedV1 } from '@surge/contracts';
import type { Outbox } from '@surge/persistence';
import { BlocklistRepository, type BlocklistMatches } from '../blocklist/blocklist.repository';
import type { FraudDetectionTransaction } from '../database';
import type { FraudThresholds } from '../rules/fraud-rules';
import { RulesRepository } from '../rules/rules.repository';
import { type FraudCheckRecord, FraudChecksRepository } from './fraud-checks.repository';
import { scoreOrder } from './score-order';
import { ordersInWindow } from './velocity';

/** What the rules know when a batch is scored. */
export interface ScoringContext {
  readonly thresholds: FraudThresholds;
  readonly blocklisted: BlocklistMatches;
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

function fingerprintOf(order: OrderPlacedV1): string {
  return order.paymentTokenFingerprint.toLowerCase();
}

export interface CompletedCheck {
  readonly check: FraudCheckRecord;
  /** Of the OrderPlaced that was scored; for logs. */
  readonly correlationId: string;
}

/**
 * Scores a batch of placed orders in the caller's transaction: stores one
 * check per order and adds its FraudCheckCompleted to the outbox. An order
 * already checked (an OrderPlaced redelivered under another event id) is
 * skipped: its decision was published when it was first checked.
 */
@Injectable()
export class CheckPlacedOrders {
  constructor(
    private readonly checks: FraudChecksRepository,
    private readonly rules: RulesRepository,
    private readonly blocklist: BlocklistRepository,
  ) {}

  async execute(
    tx: FraudDetectionTransaction,
    placed: readonly OrderPlacedV1[],
    outbox: Outbox,
  ): Promise<CompletedCheck[]> {
    await this.checks.lockCustomers(
      tx,
      placed.map((order) => order.customerId),
    );
    const orders = ordersToCheck(
      placed,
      await this.checks.checkedOrderIds(
        tx,
        placed.map((order) => order.orderId),
      ),
    );
    if (orders.length === 0) return [];

    const thresholds = await this.rules.current(tx);
    const windowMs = thresholds.velocityWindowSeconds * 1_000;
    const blocklisted = await this.blocklist.matching(
      tx,
      orders.map((order) => order.customerId),
      orders.map(fingerprintOf),
    );
    const history = await this.checks.placedTimes(
      tx,
      orders.map((order) => ({
        customerId: order.customerId,
        since: order.occurredAt - windowMs,
        until: order.occurredAt,
      })),
    );

    const checks = scoreOrders(orders, { thresholds, blocklisted, history });
    await this.checks.insertAll(tx, checks);

    const byOrder = new Map(orders.map((order) => [order.orderId, order]));
    return checks.map((check) => {
      const cause = byOrder.get(check.orderId) as OrderPlacedV1;
      outbox.add({
        topic: FRAUD_CHECK_COMPLETED_V1,
        event: {
          eventId: randomUUID(),
          correlationId: cause.correlationId,
          causationId: cause.eventId,
          occurredAt: Date.now(),
          orderId: check.orderId,
          customerId: check.customerId,
          decision: check.decision,
          score: check.score,
          reasons: check.reasons,
          totalAmount: check.totalAmount,
          currency: check.currency,
        },
      });
      return { check, correlationId: cause.correlationId };
    });
  }
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
