import {
  ACCOUNT,
  authorizationMovement,
  balancesByCurrency,
  isBalanced,
  type LedgerEntry,
  type LedgerTotal,
  refundMovement,
} from './ledger';

/** Sums entries the way the repository's GROUP BY does. */
function totalsOf(movements: ReturnType<typeof authorizationMovement>[]): LedgerTotal[] {
  const totals = new Map<string, LedgerTotal>();
  for (const { kind, entries } of movements) {
    for (const { account, side, amount, currency } of entries) {
      const key = [currency, kind, account, side].join('/');
      const previous = totals.get(key);
      totals.set(key, { currency, kind, account, side, total: (previous?.total ?? 0n) + amount });
    }
  }
  return [...totals.values()];
}

describe('the ledger', () => {
  it('moves an authorization from the customer funds to the merchant, balanced', () => {
    const { kind, entries } = authorizationMovement(2_500n, 'EUR');
    expect(kind).toBe('AUTHORIZATION');
    expect(entries).toEqual([
      { account: ACCOUNT.customerFunds, side: 'DEBIT', amount: 2_500n, currency: 'EUR' },
      { account: ACCOUNT.merchantAuthorized, side: 'CREDIT', amount: 2_500n, currency: 'EUR' },
    ]);
    expect(isBalanced(entries)).toBe(true);
  });

  it('refunds by reversing the authorization exactly', () => {
    const authorization = authorizationMovement(2_500n, 'EUR');
    const refund = refundMovement(2_500n, 'EUR');
    expect(refund.kind).toBe('REFUND');
    expect(refund.entries).toEqual([
      { ...authorization.entries[1], side: 'DEBIT' },
      { ...authorization.entries[0], side: 'CREDIT' },
    ]);
    expect(isBalanced([...authorization.entries, ...refund.entries])).toBe(true);
  });

  it('refuses to move nothing or a negative amount', () => {
    expect(() => authorizationMovement(0n, 'EUR')).toThrow(RangeError);
    expect(() => refundMovement(-1n, 'EUR')).toThrow(RangeError);
  });

  it('sees an unbalanced set, and does not let one currency balance another', () => {
    const lopsided: LedgerEntry[] = [
      { account: ACCOUNT.customerFunds, side: 'DEBIT', amount: 100n, currency: 'EUR' },
      { account: ACCOUNT.merchantAuthorized, side: 'CREDIT', amount: 99n, currency: 'EUR' },
    ];
    expect(isBalanced(lopsided)).toBe(false);
    expect(
      isBalanced([
        { account: ACCOUNT.customerFunds, side: 'DEBIT', amount: 100n, currency: 'EUR' },
        { account: ACCOUNT.merchantAuthorized, side: 'CREDIT', amount: 100n, currency: 'USD' },
      ]),
    ).toBe(false);
  });

  it('conserves money: authorized − refunded is what the merchant holds, per currency', () => {
    const balances = balancesByCurrency(
      totalsOf([
        authorizationMovement(2_500n, 'EUR'),
        authorizationMovement(1_000n, 'EUR'),
        refundMovement(1_000n, 'EUR'),
        authorizationMovement(700n, 'USD'),
      ]),
    );
    expect(balances).toEqual([
      {
        currency: 'EUR',
        authorized: 3_500n,
        refunded: 1_000n,
        net: 2_500n,
        debits: 4_500n,
        credits: 4_500n,
        balanced: true,
      },
      { currency: 'USD', authorized: 700n, refunded: 0n, net: 700n, debits: 700n, credits: 700n, balanced: true },
    ]);
  });

  it('reports an unbalanced currency when an entry is missing its other side', () => {
    const [eur] = balancesByCurrency([
      ...totalsOf([authorizationMovement(2_500n, 'EUR')]),
      { currency: 'EUR', kind: 'REFUND', account: ACCOUNT.merchantAuthorized, side: 'DEBIT', total: 2_500n },
    ]);
    expect(eur).toMatchObject({ refunded: 2_500n, net: 0n, balanced: false });
  });

  it('is empty, and balanced, before any money moved', () => {
    expect(balancesByCurrency([])).toEqual([]);
  });
});
