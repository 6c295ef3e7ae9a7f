import { decideOnRequest, isRefundable, paymentFromOutcome, problemWithAmount } from './payment';

const request = { orderId: '00000000-0000-4000-8000-000000000001', customerId: 'c-1', amount: 2_500n, currency: 'EUR' };

describe('a payment request', () => {
  it('is authorized for an order with no payment that is still open', () => {
    expect(decideOnRequest({ attempted: false, closed: false })).toBe('authorize');
  });

  it('is not charged again when the order already has a payment', () => {
    expect(decideOnRequest({ attempted: true, closed: false })).toBe('already-attempted');
    expect(decideOnRequest({ attempted: true, closed: true })).toBe('already-attempted');
  });

  it('is never charged for an order already cancelled or rejected', () => {
    expect(decideOnRequest({ attempted: false, closed: true })).toBe('order-closed');
  });

  it('records the decline reason on a declined payment, none on an authorized one', () => {
    expect(paymentFromOutcome(request, 'p-1', { status: 'AUTHORIZED' })).toEqual({
      ...request,
      paymentId: 'p-1',
      status: 'AUTHORIZED',
      reason: null,
    });
    expect(paymentFromOutcome(request, 'p-2', { status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' })).toMatchObject({
      status: 'DECLINED',
      reason: 'INSUFFICIENT_FUNDS',
    });
  });

  it.each([
    [2_500, 'EUR', null],
    [1, 'JPY', null],
    [0, 'EUR', 'amount must be a positive integer of minor units, got 0'],
    [-5, 'EUR', 'amount must be a positive integer of minor units, got -5'],
    [12.5, 'EUR', 'amount must be a positive integer of minor units, got 12.5'],
    [100, 'eur', 'currency must be an ISO 4217 code, got "eur"'],
    [100, 'EURO', 'currency must be an ISO 4217 code, got "EURO"'],
  ])('charges %p %s only when it is a positive amount in a currency code', (amount, currency, problem) => {
    expect(problemWithAmount(amount, currency)).toBe(problem);
  });
});

describe('a refund', () => {
  it('gives back only an authorized payment', () => {
    expect(isRefundable({ status: 'AUTHORIZED' })).toBe(true);
    expect(isRefundable({ status: 'DECLINED' })).toBe(false);
    expect(isRefundable({ status: 'REFUNDED' })).toBe(false);
  });
});
