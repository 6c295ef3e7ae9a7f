import type { FraudThresholds } from '../../rules/domain/fraud-rules';
import { type OrderFacts, REJECTION_SCORE, scoreOrder } from './score-order';

const DEFAULTS: FraudThresholds = {
  maxOrderAmount: 1_000_000,
  velocityMaxOrders: 5,
  velocityWindowSeconds: 60,
  crossBorderMaxAmount: 100_000,
};

function anOrder(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    totalAmount: 2_500,
    cardCountry: 'DE',
    shippingCountry: 'DE',
    customerBlocklisted: false,
    cardBlocklisted: false,
    ordersInWindow: 1,
    ...overrides,
  };
}

describe('scoring an order against the fraud rules', () => {
  it('approves an ordinary order with a low score and no reasons', () => {
    expect(scoreOrder(anOrder(), DEFAULTS)).toEqual({ decision: 'APPROVED', score: 9, reasons: [] });
  });

  describe('the blocklist', () => {
    it('rejects a blocklisted customer', () => {
      expect(scoreOrder(anOrder({ customerBlocklisted: true }), DEFAULTS)).toEqual({
        decision: 'REJECTED',
        score: 100,
        reasons: ['BLOCKLISTED_CUSTOMER'],
      });
    });

    it('rejects a blocklisted card', () => {
      expect(scoreOrder(anOrder({ cardBlocklisted: true }), DEFAULTS)).toEqual({
        decision: 'REJECTED',
        score: 100,
        reasons: ['BLOCKLISTED_CARD'],
      });
    });
  });

  describe('the order amount limit', () => {
    it('approves a total exactly at the limit', () => {
      expect(scoreOrder(anOrder({ totalAmount: 1_000_000 }), DEFAULTS)).toMatchObject({
        decision: 'APPROVED',
        score: REJECTION_SCORE - 1,
      });
    });

    it('rejects a total above the limit', () => {
      expect(scoreOrder(anOrder({ totalAmount: 1_000_001 }), DEFAULTS)).toEqual({
        decision: 'REJECTED',
        score: 80,
        reasons: ['AMOUNT_OVER_LIMIT'],
      });
    });

    it('follows a changed limit', () => {
      expect(scoreOrder(anOrder({ totalAmount: 600 }), { ...DEFAULTS, maxOrderAmount: 500 }).reasons).toEqual([
        'AMOUNT_OVER_LIMIT',
      ]);
    });
  });

  describe('velocity', () => {
    it('approves the 5th order within the window', () => {
      expect(scoreOrder(anOrder({ ordersInWindow: 5 }), DEFAULTS).decision).toBe('APPROVED');
    });

    it('rejects the 6th order within the window', () => {
      expect(scoreOrder(anOrder({ ordersInWindow: 6 }), DEFAULTS)).toEqual({
        decision: 'REJECTED',
        score: 70,
        reasons: ['VELOCITY_EXCEEDED'],
      });
    });
  });

  describe('country mismatch', () => {
    it('approves a cross-border order at the cross-border limit', () => {
      expect(
        scoreOrder(anOrder({ cardCountry: 'US', shippingCountry: 'DE', totalAmount: 100_000 }), DEFAULTS).decision,
      ).toBe('APPROVED');
    });

    it('rejects a cross-border order above the cross-border limit', () => {
      expect(scoreOrder(anOrder({ cardCountry: 'US', shippingCountry: 'DE', totalAmount: 100_001 }), DEFAULTS)).toEqual(
        { decision: 'REJECTED', score: 60, reasons: ['COUNTRY_MISMATCH'] },
      );
    });

    it('approves a domestic order above the cross-border limit', () => {
      expect(scoreOrder(anOrder({ totalAmount: 500_000 }), DEFAULTS).decision).toBe('APPROVED');
    });

    it('compares countries regardless of case', () => {
      expect(
        scoreOrder(anOrder({ cardCountry: 'de', shippingCountry: 'DE', totalAmount: 500_000 }), DEFAULTS).decision,
      ).toBe('APPROVED');
    });
  });

  it('lists every fired rule in a stable order and caps the score at 100', () => {
    expect(
      scoreOrder(
        anOrder({
          customerBlocklisted: true,
          cardBlocklisted: true,
          totalAmount: 2_000_000,
          ordersInWindow: 9,
          cardCountry: 'US',
        }),
        DEFAULTS,
      ),
    ).toEqual({
      decision: 'REJECTED',
      score: 100,
      reasons: [
        'BLOCKLISTED_CUSTOMER',
        'BLOCKLISTED_CARD',
        'AMOUNT_OVER_LIMIT',
        'VELOCITY_EXCEEDED',
        'COUNTRY_MISMATCH',
      ],
    });
  });

  it('adds the weights of several fired rules', () => {
    expect(scoreOrder(anOrder({ ordersInWindow: 6, cardCountry: 'US', totalAmount: 200_000 }), DEFAULTS)).toEqual({
      decision: 'REJECTED',
      score: 100,
      reasons: ['VELOCITY_EXCEEDED', 'COUNTRY_MISMATCH'],
    });
  });

  it.each([
    anOrder(),
    anOrder({ totalAmount: 0, ordersInWindow: 0 }),
    anOrder({ totalAmount: 999_999 }),
    anOrder({ ordersInWindow: 5, cardCountry: 'FR', totalAmount: 100_000 }),
    anOrder({ ordersInWindow: 6 }),
    anOrder({ cardBlocklisted: true }),
  ])('rejects exactly when the score reaches %#', (facts) => {
    const verdict = scoreOrder(facts, DEFAULTS);
    expect(verdict.score).toBeGreaterThanOrEqual(0);
    expect(verdict.score).toBeLessThanOrEqual(100);
    expect(verdict.decision === 'REJECTED').toBe(verdict.score >= REJECTION_SCORE);
  });

  it('scores a zero limit without dividing by zero', () => {
    expect(scoreOrder(anOrder({ totalAmount: 0 }), { ...DEFAULTS, maxOrderAmount: 0 })).toMatchObject({
      decision: 'APPROVED',
    });
  });
});
