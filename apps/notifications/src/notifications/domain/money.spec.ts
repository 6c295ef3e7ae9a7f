import { formatMoney, minorUnitDigits } from './money';

describe('formatMoney: minor units as a person reads them', () => {
  it.each([
    [2_500, 'EUR', 'EUR 25.00'],
    [5, 'EUR', 'EUR 0.05'],
    [0, 'USD', 'USD 0.00'],
    [123_456_789, 'EUR', 'EUR 1,234,567.89'],
    [1_500, 'JPY', 'JPY 1,500'],
    [1_234, 'KWD', 'KWD 1.234'],
    [-2_500, 'EUR', 'EUR -25.00'],
  ])('%i %s is "%s"', (amount, currency, text) => {
    expect(formatMoney(amount, currency)).toBe(text);
  });

  it('does not round amounts beyond float precision', () => {
    expect(formatMoney(900_719_925_474_099, 'EUR')).toBe('EUR 9,007,199,254,740.99');
  });

  it('uses two decimals for a code Intl rejects', () => {
    expect(minorUnitDigits('not-a-code')).toBe(2);
    expect(formatMoney(2_500, 'not-a-code')).toBe('not-a-code 25.00');
  });
});
