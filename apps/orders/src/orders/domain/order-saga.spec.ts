import {
  NEW_ORDER,
  type SagaAnswer,
  type SagaDecision,
  type SagaState,
  applyAnswer,
  cancel,
  timeOut,
} from './order-saga';

const reserved: SagaAnswer = { type: 'InventoryReserved' };
const approved: SagaAnswer = { type: 'FraudCheckCompleted', decision: 'APPROVED', reasons: [] };
const fraudRejected: SagaAnswer = {
  type: 'FraudCheckCompleted',
  decision: 'REJECTED',
  reasons: ['BLOCKLISTED_CUSTOMER', 'AMOUNT_OVER_LIMIT'],
};
const outOfStock: SagaAnswer = {
  type: 'InventoryRejected',
  reason: 'OUT_OF_STOCK',
  detail: 'sku A: 2 requested, 1 available',
};
const authorized: SagaAnswer = { type: 'PaymentAuthorized' };
const declined: SagaAnswer = { type: 'PaymentDeclined', reason: 'CARD_DECLINED' };
const released: SagaAnswer = { type: 'InventoryReleased' };
const refunded: SagaAnswer = { type: 'PaymentRefunded' };

/** Given the answers so far, when each arrives in turn: the final state and every decision, in order. */
function given(...answers: SagaAnswer[]): { state: SagaState; decisions: SagaDecision[] } {
  let state = NEW_ORDER;
  const decisions: SagaDecision[] = [];
  for (const answer of answers) {
    const transition = applyAnswer(state, answer);
    state = transition.next;
    decisions.push(...transition.decisions);
  }
  return { state, decisions };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('the order saga', () => {
  describe('aggregating the two validations', () => {
    it('requests payment once both inventory reserved and fraud approved, whichever came first', () => {
      for (const order of permutations([reserved, approved])) {
        const { state, decisions } = given(...order);
        expect(decisions).toEqual([{ type: 'PaymentRequested' }]);
        expect(state).toMatchObject({
          status: 'PENDING',
          paymentRequested: true,
          inventory: 'RESERVED',
          fraud: 'APPROVED',
        });
      }
    });

    it('waits for the other answer after one positive answer', () => {
      expect(given(reserved)).toEqual({ state: { ...NEW_ORDER, inventory: 'RESERVED' }, decisions: [] });
      expect(given(approved)).toEqual({ state: { ...NEW_ORDER, fraud: 'APPROVED' }, decisions: [] });
    });

    it.each([
      ['OUT_OF_STOCK', 'OUT_OF_STOCK'],
      ['UNKNOWN_SKU', 'UNKNOWN_SKU'],
      ['PRICE_MISMATCH', 'PRICE_MISMATCH'],
      ['OTHER', 'OTHER'],
    ] as const)('rejects the order when inventory rejects it with %s, as %s', (inventoryReason, orderReason) => {
      const { state, decisions } = given({ type: 'InventoryRejected', reason: inventoryReason, detail: 'why' });
      expect(state).toMatchObject({ status: 'REJECTED', reason: orderReason, detail: 'why' });
      expect(decisions).toEqual([{ type: 'OrderRejected', reason: orderReason, detail: 'why' }]);
    });

    it('rejects the order as FRAUD_SUSPECTED when fraud-detection rejects it, naming the rules', () => {
      const { state, decisions } = given(reserved, fraudRejected);
      expect(state).toMatchObject({ status: 'REJECTED', reason: 'FRAUD_SUSPECTED', paymentRequested: false });
      expect(decisions).toEqual([
        { type: 'OrderRejected', reason: 'FRAUD_SUSPECTED', detail: 'BLOCKLISTED_CUSTOMER, AMOUNT_OVER_LIMIT' },
      ]);
    });

    it('keeps the first negative reason when both validations are negative, in either order', () => {
      expect(given(outOfStock, fraudRejected)).toMatchObject({
        state: { status: 'REJECTED', reason: 'OUT_OF_STOCK', fraud: 'REJECTED' },
        decisions: [{ type: 'OrderRejected', reason: 'OUT_OF_STOCK' }],
      });
      expect(given(fraudRejected, outOfStock)).toMatchObject({
        state: { status: 'REJECTED', reason: 'FRAUD_SUSPECTED', inventory: 'REJECTED' },
        decisions: [{ type: 'OrderRejected', reason: 'FRAUD_SUSPECTED' }],
      });
    });

    it('never requests payment for a rejected order when the positive answer comes after', () => {
      for (const order of permutations([outOfStock, approved])) {
        const { state, decisions } = given(...order);
        expect(decisions.map((d) => d.type)).toEqual(['OrderRejected']);
        expect(state.paymentRequested).toBe(false);
      }
    });
  });

  describe('the payment answer', () => {
    it('confirms a paid order', () => {
      const { state, decisions } = given(reserved, approved, authorized);
      expect(state).toMatchObject({ status: 'CONFIRMED', reason: null, payment: 'AUTHORIZED' });
      expect(decisions.map((d) => d.type)).toEqual(['PaymentRequested', 'OrderConfirmed']);
    });

    it('rejects the order as PAYMENT_DECLINED when payment is declined, with the decline reason', () => {
      const { state, decisions } = given(reserved, approved, declined);
      expect(state).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED', detail: 'CARD_DECLINED' });
      expect(decisions.at(-1)).toEqual({ type: 'OrderRejected', reason: 'PAYMENT_DECLINED', detail: 'CARD_DECLINED' });
    });

    it('only records an authorization for a cancelled order: payments refunds it on its own', () => {
      const pending = given(reserved, approved).state;
      const outcome = cancel(pending);
      if (!outcome.cancelled) throw new Error('expected the cancel to be accepted');
      const { next, decisions } = applyAnswer(outcome.transition.next, authorized);
      expect(next).toMatchObject({ status: 'CANCELLED', payment: 'AUTHORIZED' });
      expect(decisions).toEqual([]);
    });

    it('does not reject a confirmed order on a late negative answer', () => {
      const confirmed = given(reserved, approved, authorized).state;
      expect(applyAnswer(confirmed, declined)).toEqual({ next: confirmed, decisions: [] });
    });
  });

  describe('the customer cancelling', () => {
    it.each([
      ['PENDING', []],
      ['CONFIRMED', [reserved, approved, authorized]],
    ] as const)('cancels a %s order and publishes OrderCancelled', (_, answers) => {
      const outcome = cancel(given(...answers).state);
      expect(outcome).toMatchObject({
        cancelled: true,
        transition: { next: { status: 'CANCELLED' }, decisions: [{ type: 'OrderCancelled' }] },
      });
    });

    it.each([
      ['REJECTED', () => given(outOfStock).state],
      [
        'CANCELLED',
        () => {
          const outcome = cancel(NEW_ORDER);
          if (!outcome.cancelled) throw new Error('expected the cancel to be accepted');
          return outcome.transition.next;
        },
      ],
    ] as const)('refuses to cancel a %s order', (status, state) => {
      expect(cancel(state())).toEqual({ cancelled: false, status });
    });

    it('never requests payment once cancelled, whatever answers follow', () => {
      const outcome = cancel(given(reserved).state);
      if (!outcome.cancelled) throw new Error('expected the cancel to be accepted');
      let state = outcome.transition.next;
      for (const answer of [approved, authorized, released, refunded]) {
        const transition = applyAnswer(state, answer);
        expect(transition.decisions).toEqual([]);
        state = transition.next;
      }
      expect(state).toMatchObject({ status: 'CANCELLED', paymentRequested: false });
    });
  });

  describe('the saga deadline', () => {
    it('rejects an order nobody answered as TIMEOUT, naming the services it waited for', () => {
      const { next, decisions } = timeOut(NEW_ORDER);
      const detail = 'no answer from inventory and fraud-detection before the deadline';
      expect(next).toEqual({ ...NEW_ORDER, status: 'REJECTED', reason: 'TIMEOUT', detail });
      expect(decisions).toEqual([{ type: 'OrderRejected', reason: 'TIMEOUT', detail }]);
    });

    it('rejects an order still waiting for its payment as TIMEOUT, keeping its answers', () => {
      const waiting = given(reserved, approved).state;
      expect(timeOut(waiting)).toEqual({
        next: {
          ...waiting,
          status: 'REJECTED',
          reason: 'TIMEOUT',
          detail: 'no answer from payments before the deadline',
        },
        decisions: [
          { type: 'OrderRejected', reason: 'TIMEOUT', detail: 'no answer from payments before the deadline' },
        ],
      });
    });

    it('names only the validation still missing', () => {
      expect(timeOut(given(approved).state).decisions).toEqual([
        { type: 'OrderRejected', reason: 'TIMEOUT', detail: 'no answer from inventory before the deadline' },
      ]);
    });

    it.each([
      ['CONFIRMED', () => given(reserved, approved, authorized).state],
      ['REJECTED', () => given(outOfStock).state],
      [
        'CANCELLED',
        () => {
          const outcome = cancel(given(reserved, approved).state);
          if (!outcome.cancelled) throw new Error('expected the cancel to be accepted');
          return outcome.transition.next;
        },
      ],
    ] as const)('never times out a %s order', (status, state) => {
      const final = state();
      expect(final.status).toBe(status);
      expect(timeOut(final)).toEqual({ next: final, decisions: [] });
    });

    it('times an order out once: a second deadline changes nothing', () => {
      const timedOut = timeOut(given(reserved).state).next;
      expect(timeOut(timedOut)).toEqual({ next: timedOut, decisions: [] });
    });

    it('publishes nothing and keeps REJECTED/TIMEOUT for every answer arriving after the deadline', () => {
      let state = timeOut(given(reserved, approved).state).next;
      for (const answer of [authorized, declined, outOfStock, fraudRejected, released, refunded]) {
        const transition = applyAnswer(state, answer);
        expect({ answer: answer.type, decisions: transition.decisions }).toEqual({
          answer: answer.type,
          decisions: [],
        });
        state = transition.next;
      }
      expect(state).toMatchObject({ status: 'REJECTED', reason: 'TIMEOUT', payment: 'AUTHORIZED' });
    });

    it('never requests payment once timed out, when the last validation comes late', () => {
      const timedOut = timeOut(given(reserved).state).next;
      expect(applyAnswer(timedOut, approved)).toEqual({
        next: { ...timedOut, fraud: 'APPROVED' },
        decisions: [],
      });
    });

    it('leaves its input untouched', () => {
      const state = given(reserved).state;
      const before = structuredClone(state);
      timeOut(state);
      expect(state).toEqual(before);
    });
  });

  describe('duplicates and arrival order', () => {
    it('changes nothing when an answer of a kind arrives again', () => {
      const once = given(reserved, approved, authorized);
      const twice = given(reserved, reserved, approved, approved, authorized, authorized);
      expect(twice).toEqual(once);
    });

    it('ignores a contradicting second answer from the same service', () => {
      expect(given(reserved, outOfStock)).toEqual(given(reserved));
      expect(given(approved, fraudRejected)).toEqual(given(approved));
    });

    it('ends in the same state whatever the order of every answer of a rejected order', () => {
      const finals = permutations([outOfStock, approved, released]).map((order) => given(...order));
      for (const final of finals) {
        expect(final.state).toMatchObject({ status: 'REJECTED', reason: 'OUT_OF_STOCK', paymentRequested: false });
        expect(final.decisions.map((d) => d.type)).toEqual(['OrderRejected']);
      }
    });

    it('records compensations only: released inventory and refunded payments never change the status', () => {
      const confirmed = given(reserved, approved, authorized).state;
      expect(applyAnswer(confirmed, released)).toEqual({ next: confirmed, decisions: [] });
      expect(applyAnswer(confirmed, refunded)).toEqual({ next: confirmed, decisions: [] });
    });

    it('leaves its input untouched', () => {
      const state = given(reserved).state;
      const before = structuredClone(state);
      applyAnswer(state, approved);
      expect(state).toEqual(before);
    });
  });
});
