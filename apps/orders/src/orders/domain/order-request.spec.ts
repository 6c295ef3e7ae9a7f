import { canonicalHash, cardCountry, cardFingerprint, orderTotal, repeatedSkus } from './order-request';

describe('an order request', () => {
  it('fingerprints the card as the lowercase hex SHA-256 of the token', () => {
    // printf tok_visa | sha256sum
    expect(cardFingerprint('tok_visa')).toBe('3482b66ca68e66a855cdf9c302fde3a286b99d0e279740cd5ed08ee15b449817');
    expect(cardFingerprint('tok_visa')).toMatch(/^[0-9a-f]{64}$/);
    expect(cardFingerprint('tok_visa')).not.toBe(cardFingerprint('tok_visa_DE'));
  });

  it.each([
    ['tok_visa_DE', 'DE'],
    ['tok_mastercard_FR', 'FR'],
    ['tok_visa', 'US'],
    ['tok_visa_de', 'US'],
    ['tok_visa_DEU', 'US'],
    ['DE', 'US'],
  ])('reads the card country of %s as %s', (token, country) => {
    expect(cardCountry(token)).toBe(country);
  });

  it('totals quantity × unit price in minor units', () => {
    expect(
      orderTotal([
        { sku: 'A', quantity: 2, unitPrice: 1_250 },
        { sku: 'B', quantity: 3, unitPrice: 999 },
      ]),
    ).toBe(5_497);
    expect(orderTotal([{ sku: 'A', quantity: 5, unitPrice: 0 }])).toBe(0);
  });

  it('refuses a total beyond Number.MAX_SAFE_INTEGER instead of rounding it', () => {
    expect(orderTotal([{ sku: 'A', quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER }])).toBe(Number.MAX_SAFE_INTEGER);
    expect(orderTotal([{ sku: 'A', quantity: 2, unitPrice: Number.MAX_SAFE_INTEGER }])).toBeNull();
    expect(
      orderTotal([
        { sku: 'A', quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER },
        { sku: 'B', quantity: 1, unitPrice: 1 },
      ]),
    ).toBeNull();
  });

  it('names every item that repeats an earlier sku', () => {
    expect(repeatedSkus([{ sku: 'A' }, { sku: 'B' }, { sku: 'A' }, { sku: 'B' }, { sku: 'C' }])).toEqual([
      { index: 2, first: 0 },
      { index: 3, first: 1 },
    ]);
    expect(repeatedSkus([{ sku: 'A' }, { sku: 'a' }])).toEqual([]);
  });

  it('hashes the same body the same whatever its key order, and another body differently', () => {
    const body = { customerId: 'c', items: [{ sku: 'A', quantity: 1, unitPrice: 5 }], payment: { token: 't' } };
    const reordered = { payment: { token: 't' }, items: [{ unitPrice: 5, quantity: 1, sku: 'A' }], customerId: 'c' };
    expect(canonicalHash(reordered)).toBe(canonicalHash(body));
    expect(canonicalHash({ ...body, customerId: 'd' })).not.toBe(canonicalHash(body));
    expect(canonicalHash({ ...body, items: [{ sku: 'A', quantity: 2, unitPrice: 5 }] })).not.toBe(canonicalHash(body));
  });
});
