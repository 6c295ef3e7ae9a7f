/**
 * The order saga as a pure state machine: given what the order knows, when an
 * answer (or the customer's cancel) arrives, then the next state and what
 * orders publishes. No I/O here; the use cases lock, load and save.
 *
 *   PENDING  --reserved + APPROVED (either order)--> PENDING, PaymentRequested (once)
 *   PENDING  --first negative answer-->              REJECTED, OrderRejected
 *   PENDING  --PaymentAuthorized-->                  CONFIRMED, OrderConfirmed
 *   PENDING  --PaymentDeclined-->                    REJECTED (PAYMENT_DECLINED), OrderRejected
 *   PENDING | CONFIRMED --cancel-->                  CANCELLED, OrderCancelled
 *   REJECTED | CANCELLED --cancel-->                 refused (conflict)
 *   PENDING  --deadline passed-->                    REJECTED (TIMEOUT), OrderRejected
 *
 * Every answer is remembered once (the first of its kind wins); an answer
 * that arrives after the order is final, or a second one of a kind, changes
 * only the record of answers, never the status, and publishes nothing. So
 * every arrival order and every duplicate ends in the same state.
 */

import type { InventoryRejectionReasonV1, OrderRejectionReasonV1 } from '@surge/contracts';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Every reason of the contract: the answers' reasons, and TIMEOUT when the saga deadline passed. */
export type RejectionReason = OrderRejectionReasonV1;

export type InventoryRejectionReason = InventoryRejectionReasonV1;

/** What the saga knows of one order. */
export interface SagaState {
  readonly status: OrderStatus;
  /** Set exactly when status is REJECTED. */
  readonly reason: RejectionReason | null;
  readonly detail: string | null;
  readonly inventory: 'RESERVED' | 'REJECTED' | null;
  readonly fraud: 'APPROVED' | 'REJECTED' | null;
  /** PaymentRequested was published; never twice. */
  readonly paymentRequested: boolean;
  readonly payment: 'AUTHORIZED' | 'DECLINED' | null;
}

/** An answer from another service, translated to the saga's terms. */
export type SagaAnswer =
  | { readonly type: 'InventoryReserved' }
  | { readonly type: 'InventoryRejected'; readonly reason: InventoryRejectionReason; readonly detail: string }
  | { readonly type: 'FraudCheckCompleted'; readonly decision: 'APPROVED' | 'REJECTED'; readonly reasons: string[] }
  | { readonly type: 'PaymentAuthorized' }
  | { readonly type: 'PaymentDeclined'; readonly reason: string }
  | { readonly type: 'InventoryReleased' }
  | { readonly type: 'PaymentRefunded' };

/** What orders publishes as the consequence of a transition. */
export type SagaDecision =
  | { readonly type: 'PaymentRequested' }
  | { readonly type: 'OrderRejected'; readonly reason: RejectionReason; readonly detail: string | null }
  | { readonly type: 'OrderConfirmed' }
  | { readonly type: 'OrderCancelled' };

export interface SagaTransition {
  readonly next: SagaState;
  /** At most one decision per answer. */
  readonly decisions: readonly SagaDecision[];
}

export const NEW_ORDER: SagaState = {
  status: 'PENDING',
  reason: null,
  detail: null,
  inventory: null,
  fraud: null,
  paymentRequested: false,
  payment: null,
};

export function isFinal(status: OrderStatus): boolean {
  return status === 'REJECTED' || status === 'CANCELLED';
}

/**
 * Inventory's reasons are the order's, except OTHER (a reason added after this
 * reader's schema, or a malformed order), which stays OTHER: the order is
 * rejected and its detail says why.
 */
export function rejectionReasonFor(reason: InventoryRejectionReason): RejectionReason {
  return reason;
}

/** Applies one answer. Pure: the inputs are not mutated. */
export function applyAnswer(state: SagaState, answer: SagaAnswer): SagaTransition {
  switch (answer.type) {
    case 'InventoryReserved':
      if (state.inventory !== null) return unchanged(state);
      return requestPaymentIfReady({ ...state, inventory: 'RESERVED' });
    case 'InventoryRejected':
      if (state.inventory !== null) return unchanged(state);
      return reject({ ...state, inventory: 'REJECTED' }, rejectionReasonFor(answer.reason), answer.detail);
    case 'FraudCheckCompleted':
      if (state.fraud !== null) return unchanged(state);
      if (answer.decision === 'APPROVED') return requestPaymentIfReady({ ...state, fraud: 'APPROVED' });
      return reject(
        { ...state, fraud: 'REJECTED' },
        'FRAUD_SUSPECTED',
        answer.reasons.length > 0 ? answer.reasons.join(', ') : null,
      );
    case 'PaymentAuthorized': {
      if (state.payment !== null) return unchanged(state);
      const next: SagaState = { ...state, payment: 'AUTHORIZED' };
      // After a cancel or a rejection, payments refunds or voids on its own: only record it.
      if (state.status !== 'PENDING' || !state.paymentRequested) return { next, decisions: [] };
      return { next: { ...next, status: 'CONFIRMED' }, decisions: [{ type: 'OrderConfirmed' }] };
    }
    case 'PaymentDeclined':
      if (state.payment !== null) return unchanged(state);
      return reject({ ...state, payment: 'DECLINED' }, 'PAYMENT_DECLINED', answer.reason);
    case 'InventoryReleased':
    case 'PaymentRefunded':
      return unchanged(state);
  }
}

export type CancelOutcome =
  | { readonly cancelled: true; readonly transition: SagaTransition }
  | { readonly cancelled: false; readonly status: OrderStatus };

/** The customer's cancel: allowed while PENDING or CONFIRMED, refused once final. */
export function cancel(state: SagaState): CancelOutcome {
  if (isFinal(state.status)) return { cancelled: false, status: state.status };
  return {
    cancelled: true,
    transition: { next: { ...state, status: 'CANCELLED' }, decisions: [{ type: 'OrderCancelled' }] },
  };
}

/**
 * The saga deadline passed: a PENDING order is rejected as TIMEOUT (the detail
 * names the services it still waited for); any other order stays as it is, so
 * a confirmed order is never timed out. Answers arriving later are only
 * recorded (see applyAnswer): payments voids a late authorization and
 * inventory releases a late reservation when they see the OrderRejected.
 */
export function timeOut(state: SagaState): SagaTransition {
  const awaited = awaitedServices(state);
  const detail =
    awaited.length > 0
      ? `no answer from ${awaited.join(' and ')} before the deadline`
      : 'no decision before the deadline';
  return reject(state, 'TIMEOUT', detail);
}

/** The services whose answer the saga still needs to decide. */
function awaitedServices(state: SagaState): string[] {
  const awaited: string[] = [];
  if (state.inventory === null) awaited.push('inventory');
  if (state.fraud === null) awaited.push('fraud-detection');
  if (state.paymentRequested && state.payment === null) awaited.push('payments');
  return awaited;
}

function unchanged(state: SagaState): SagaTransition {
  return { next: state, decisions: [] };
}

function requestPaymentIfReady(state: SagaState): SagaTransition {
  const ready = state.inventory === 'RESERVED' && state.fraud === 'APPROVED';
  if (!ready || state.status !== 'PENDING' || state.paymentRequested) return { next: state, decisions: [] };
  return { next: { ...state, paymentRequested: true }, decisions: [{ type: 'PaymentRequested' }] };
}

/** Only a PENDING order is rejected; a negative answer for a final or confirmed order is only recorded. */
function reject(state: SagaState, reason: RejectionReason, detail: string | null): SagaTransition {
  if (state.status !== 'PENDING') return { next: state, decisions: [] };
  return {
    next: { ...state, status: 'REJECTED', reason, detail },
    decisions: [{ type: 'OrderRejected', reason, detail }],
  };
}
