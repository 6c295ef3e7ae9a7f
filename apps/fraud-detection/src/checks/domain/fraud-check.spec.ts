import { anOrderPlaced } from '@surge/testing';
import type { FraudThresholds } from '../../rules/domain/fraud-rules';
import { ordersToCheck, type ScoringContext, scoreOrders, whyUncheckable } from './fraud-check';

const DEFAULTS: FraudThresholds = {
  maxOrderAmount: 1_000_000,
  velocityMaxOrders: 5,
  velocityWindowSeconds: 60,
  crossBorderMaxAmount: 100_000,
};
const t = Date.parse('2026-01-31T12:00:00.000Z');

function context(overrides: Partial<ScoringContext> = {}): ScoringContext {
  return {
    thresholds: DEFAULTS,
    blocklisted: { customerIds: new Set(), cardFingerprints: new Set() },
    history: new Map(),
    ...overrides,
  };
}

describe('scoring a batch of placed orders', () => {
  it('lets orders of one customer in one batch count each other, in delivery order', () => {
    const orders = Array.from({ length: 7 }, (_, i) => anOrderPlaced({ customerId: 'c-1', occurredAt: t + i * 1_000 }));

    const decisions = scoreOrders(orders, context()).map((check) => check.decision);

    expect(decisions).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'REJECTED', 'REJECTED']);
  });

  it('counts the customer’s earlier checks within the window', () => {
    const history = new Map([['c-1', [t - 50_000, t - 40_000, t - 30_000, t - 20_000, t - 10_000]]]);

    const [check] = scoreOrders([anOrderPlaced({ customerId: 'c-1', occurredAt: t })], context({ history }));

    expect(check).toMatchObject({ decision: 'REJECTED', reasons: ['VELOCITY_EXCEEDED'] });
  });

  it('does not count other customers’ orders', () => {
    const history = new Map([['c-2', [t - 5_000, t - 4_000, t - 3_000, t - 2_000, t - 1_000]]]);

    const [check] = scoreOrders([anOrderPlaced({ customerId: 'c-1', occurredAt: t })], context({ history }));

    expect(check.decision).toBe('APPROVED');
  });

  it('rejects a blocklisted customer and a blocklisted card, matching the fingerprint in any case', () => {
    const blocklisted = { customerIds: new Set(['bad']), cardFingerprints: new Set(['f'.repeat(64)]) };

    const checks = scoreOrders(
      [
        anOrderPlaced({ customerId: 'bad' }),
        anOrderPlaced({ customerId: 'good', paymentTokenFingerprint: 'F'.repeat(64) }),
        anOrderPlaced({ customerId: 'good' }),
      ],
      context({ blocklisted }),
    );

    expect(checks.map((check) => check.reasons)).toEqual([['BLOCKLISTED_CUSTOMER'], ['BLOCKLISTED_CARD'], []]);
  });

  it('keeps the facts the verdict was made on', () => {
    const order = anOrderPlaced({ totalAmount: 150_000, cardCountry: 'US', shippingCountry: 'DE', currency: 'USD' });

    expect(scoreOrders([order], context())).toEqual([
      {
        orderId: order.orderId,
        customerId: order.customerId,
        cardFingerprint: order.paymentTokenFingerprint,
        decision: 'REJECTED',
        score: 60,
        reasons: ['COUNTRY_MISMATCH'],
        totalAmount: 150_000,
        currency: 'USD',
        cardCountry: 'US',
        shippingCountry: 'DE',
        occurredAt: order.occurredAt,
      },
    ]);
  });
});

describe('choosing the orders to check', () => {
  it('skips orders already checked and a second event about the same order', () => {
    const first = anOrderPlaced();
    const again = anOrderPlaced({ orderId: first.orderId });
    const done = anOrderPlaced();

    expect(ordersToCheck([first, done, again], new Set([done.orderId]))).toEqual([first]);
  });
});

describe('telling an OrderPlaced that can never be checked', () => {
  it('accepts an ordinary order', () => {
    expect(whyUncheckable(anOrderPlaced())).toBeUndefined();
  });

  it.each([
    ['a time beyond year 9999', { occurredAt: 8.64e15 }, /occurredAt/],
    ['a negative time', { occurredAt: -1 }, /occurredAt/],
    ['a fractional time', { occurredAt: 1.5 }, /occurredAt/],
    ['a negative total', { totalAmount: -1 }, /totalAmount/],
    ['a total beyond exact integers', { totalAmount: 2 ** 53 }, /totalAmount/],
  ])('refuses %s', (_, overrides, reason) => {
    expect(whyUncheckable(anOrderPlaced(overrides))).toMatch(reason);
  });
});
