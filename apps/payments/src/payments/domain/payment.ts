import type { PaymentDeclineReasonV1 } from '@surge/contracts';

export const PAYMENT_STATUSES = ['AUTHORIZED', 'DECLINED', 'REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export type DeclineReason = PaymentDeclineReasonV1;

/** Why an authorized payment was given back; PaymentRefunded carries it as its reason. */
export type RefundReason = 'ORDER_CANCELLED' | 'ORDER_REJECTED';

/** What the card processor answered for one authorization. */
export type AuthorizationOutcome =
  { readonly status: 'AUTHORIZED' } | { readonly status: 'DECLINED'; readonly reason: DeclineReason };

export interface Payment {
  readonly orderId: string;
  readonly paymentId: string;
  readonly customerId: string;
  readonly status: PaymentStatus;
  /** Minor units of `currency`; always > 0. */
  readonly amount: bigint;
  readonly currency: string;
  /** DECLINED: the decline reason; REFUNDED: the refund reason. */
  readonly reason: string | null;
}

/** What payments knows about an order when a PaymentRequested for it arrives. */
export interface OrderPaymentState {
  /** A payment was already attempted (authorized, declined or refunded). */
  readonly attempted: boolean;
  /** OrderCancelled or OrderRejected was already seen. */
  readonly closed: boolean;
}

/**
 * What to do with a PaymentRequested. An order is charged at most once, and
 * never after it was cancelled or rejected: a closed order is not sent to the
 * processor at all, so no money is ever held for a dead order.
 */
export type RequestDecision = 'authorize' | 'already-attempted' | 'order-closed';

export function decideOnRequest(state: OrderPaymentState): RequestDecision {
  if (state.attempted) return 'already-attempted';
  if (state.closed) return 'order-closed';
  return 'authorize';
}

export function paymentFromOutcome(
  request: { orderId: string; customerId: string; amount: bigint; currency: string },
  paymentId: string,
  outcome: AuthorizationOutcome,
): Payment {
  return {
    ...request,
    paymentId,
    status: outcome.status,
    reason: outcome.status === 'DECLINED' ? outcome.reason : null,
  };
}

/** Only an authorized payment holds money; declined and refunded ones have nothing to give back. */
export function isRefundable(payment: Pick<Payment, 'status'>): boolean {
  return payment.status === 'AUTHORIZED';
}

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Why an amount cannot be charged, or null when it can: a positive integer
 * of minor units, in an ISO 4217 alphabetic currency code.
 */
export function problemWithAmount(amount: number, currency: string): string | null {
  if (!Number.isSafeInteger(amount) || amount <= 0)
    return `amount must be a positive integer of minor units, got ${amount}`;
  if (!CURRENCY.test(currency)) return `currency must be an ISO 4217 code, got ${JSON.stringify(currency)}`;
  return null;
}
