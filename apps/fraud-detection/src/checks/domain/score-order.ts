import type { FraudDecisionV1 } from '@surge/contracts';
import type { FraudThresholds } from '../../rules/domain/fraud-rules';

/** Stable codes of the rules, as FraudCheckCompleted.reasons carries them. */
export const FRAUD_REASONS = [
  'BLOCKLISTED_CUSTOMER',
  'BLOCKLISTED_CARD',
  'AMOUNT_OVER_LIMIT',
  'VELOCITY_EXCEEDED',
  'COUNTRY_MISMATCH',
] as const;
export type FraudReason = (typeof FRAUD_REASONS)[number];

/**
 * What each fired rule adds to the score. Every weight is at least
 * REJECTION_SCORE, so a fired rule alone rejects; together they cap at 100.
 */
export const REASON_WEIGHTS: Readonly<Record<FraudReason, number>> = {
  BLOCKLISTED_CUSTOMER: 100,
  BLOCKLISTED_CARD: 100,
  AMOUNT_OVER_LIMIT: 80,
  VELOCITY_EXCEEDED: 70,
  COUNTRY_MISMATCH: 60,
};

/** Invariant: decision is REJECTED exactly when score ≥ REJECTION_SCORE. */
export const REJECTION_SCORE = 50;

/** The facts about one order the rules look at. */
export interface OrderFacts {
  /** Order total, minor units. */
  readonly totalAmount: number;
  readonly cardCountry: string;
  readonly shippingCountry: string;
  readonly customerBlocklisted: boolean;
  readonly cardBlocklisted: boolean;
  /** Orders of this customer placed within the velocity window ending at this order, this one included. */
  readonly ordersInWindow: number;
}

export interface FraudVerdict {
  readonly decision: FraudDecisionV1;
  /** 0 (no risk) to 100 (certain fraud). */
  readonly score: number;
  readonly reasons: FraudReason[];
}

export function isCrossBorder(facts: Pick<OrderFacts, 'cardCountry' | 'shippingCountry'>): boolean {
  return facts.cardCountry.trim().toUpperCase() !== facts.shippingCountry.trim().toUpperCase();
}

/** The rules that fire for this order, in the order of FRAUD_REASONS. */
export function firedRules(facts: OrderFacts, thresholds: FraudThresholds): FraudReason[] {
  const fired: Record<FraudReason, boolean> = {
    BLOCKLISTED_CUSTOMER: facts.customerBlocklisted,
    BLOCKLISTED_CARD: facts.cardBlocklisted,
    AMOUNT_OVER_LIMIT: facts.totalAmount > thresholds.maxOrderAmount,
    VELOCITY_EXCEEDED: facts.ordersInWindow > thresholds.velocityMaxOrders,
    COUNTRY_MISMATCH: isCrossBorder(facts) && facts.totalAmount > thresholds.crossBorderMaxAmount,
  };
  return FRAUD_REASONS.filter((reason) => fired[reason]);
}

/**
 * Scores an order: any fired rule rejects it, with the sum of the fired
 * rules' weights (capped at 100). An approved order scores below
 * REJECTION_SCORE in proportion to how close it comes to the nearest limit,
 * so operations can see near misses.
 */
export function scoreOrder(facts: OrderFacts, thresholds: FraudThresholds): FraudVerdict {
  const reasons = firedRules(facts, thresholds);
  if (reasons.length > 0) {
    const score = Math.min(
      100,
      reasons.reduce((sum, reason) => sum + REASON_WEIGHTS[reason], 0),
    );
    return { decision: 'REJECTED', score, reasons };
  }
  const closeness = Math.max(
    ratio(facts.totalAmount, thresholds.maxOrderAmount),
    ratio(facts.ordersInWindow, thresholds.velocityMaxOrders),
    isCrossBorder(facts) ? ratio(facts.totalAmount, thresholds.crossBorderMaxAmount) : 0,
  );
  return { decision: 'APPROVED', score: Math.floor((REJECTION_SCORE - 1) * closeness), reasons: [] };
}

/** value / limit within [0, 1]; a rule that did not fire has value ≤ limit. */
function ratio(value: number, limit: number): number {
  if (limit <= 0) return value > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, value / limit));
}
