import { SimulatedCardProcessor, simulatedOutcome } from './simulated-card-processor';

describe('the simulated card processor', () => {
  it.each(['tok_visa', 'tok_mastercard', 'tok_visa_DE', 'tok_mastercard_GB'])('authorizes %s', (token) => {
    expect(simulatedOutcome(token)).toEqual({ status: 'AUTHORIZED' });
  });

  it.each([
    ['tok_chargeDeclined', 'CARD_DECLINED'],
    ['tok_chargeDeclined_DE', 'CARD_DECLINED'],
    ['tok_insufficientFunds', 'INSUFFICIENT_FUNDS'],
    ['tok_insufficientFunds_US', 'INSUFFICIENT_FUNDS'],
    ['tok_amex', 'INVALID_TOKEN'],
    ['', 'INVALID_TOKEN'],
    ['TOK_VISA', 'INVALID_TOKEN'],
    ['tok_visa_de', 'INVALID_TOKEN'],
    ['4242424242424242', 'INVALID_TOKEN'],
  ])('declines %j with %s', (token, reason) => {
    expect(simulatedOutcome(token)).toEqual({ status: 'DECLINED', reason });
  });

  it('answers through the CardProcessor port', async () => {
    const outcome = await new SimulatedCardProcessor().authorize({
      orderId: '00000000-0000-4000-8000-000000000001',
      customerId: 'c-1',
      amount: 2_500n,
      currency: 'EUR',
      token: 'tok_insufficientFunds_DE',
    });
    expect(outcome).toEqual({ status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' });
  });
});
