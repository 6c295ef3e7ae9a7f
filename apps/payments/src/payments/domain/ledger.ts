/**
 * The double-entry ledger. Every money movement is one ledger transaction:
 * entries in one currency whose debits equal their credits.
 *
 * Accounts:
 * - `customer_funds`: money the customers' cards committed; an authorization
 *   debits it, a refund credits it back.
 * - `merchant_authorized`: money authorized to the merchant; an authorization
 *   credits it, a refund debits it. Its balance (credits − debits) is the
 *   money currently held: authorized − refunded.
 */
export const ACCOUNT = {
  customerFunds: 'customer_funds',
  merchantAuthorized: 'merchant_authorized',
} as const;
export type Account = (typeof ACCOUNT)[keyof typeof ACCOUNT];

export type EntrySide = 'DEBIT' | 'CREDIT';
export type MovementKind = 'AUTHORIZATION' | 'REFUND';

export interface LedgerEntry {
  readonly account: Account;
  readonly side: EntrySide;
  /** Minor units of `currency`; always > 0, the side carries the direction. */
  readonly amount: bigint;
  readonly currency: string;
}

export interface LedgerMovement {
  readonly kind: MovementKind;
  readonly entries: readonly LedgerEntry[];
}

/** Authorizing `amount`: it leaves the customer's funds and is held for the merchant. */
export function authorizationMovement(amount: bigint, currency: string): LedgerMovement {
  return movement('AUTHORIZATION', ACCOUNT.customerFunds, ACCOUNT.merchantAuthorized, amount, currency);
}

/** Refunding `amount`: the exact reverse of its authorization. */
export function refundMovement(amount: bigint, currency: string): LedgerMovement {
  return movement('REFUND', ACCOUNT.merchantAuthorized, ACCOUNT.customerFunds, amount, currency);
}

function movement(
  kind: MovementKind,
  debit: Account,
  credit: Account,
  amount: bigint,
  currency: string,
): LedgerMovement {
  if (amount <= 0n) throw new RangeError(`a ledger movement moves a positive amount, got ${amount}`);
  return {
    kind,
    entries: [
      { account: debit, side: 'DEBIT', amount, currency },
      { account: credit, side: 'CREDIT', amount, currency },
    ],
  };
}

/** Debits equal credits in every currency. */
export function isBalanced(entries: readonly LedgerEntry[]): boolean {
  const net = new Map<string, bigint>();
  for (const entry of entries) {
    const signed = entry.side === 'DEBIT' ? entry.amount : -entry.amount;
    net.set(entry.currency, (net.get(entry.currency) ?? 0n) + signed);
  }
  return [...net.values()].every((value) => value === 0n);
}

/** The ledger summed by currency, movement kind, account and side. */
export interface LedgerTotal {
  readonly currency: string;
  readonly kind: MovementKind;
  readonly account: Account;
  readonly side: EntrySide;
  /** Minor units. */
  readonly total: bigint;
}

/** Totals of one currency, in minor units. */
export interface CurrencyBalance {
  readonly currency: string;
  /** Everything ever authorized. */
  readonly authorized: bigint;
  /** Everything ever refunded. */
  readonly refunded: bigint;
  /** What `merchant_authorized` holds now (credits − debits); equals authorized − refunded when conserved. */
  readonly net: bigint;
  readonly debits: bigint;
  readonly credits: bigint;
  /**
   * Money is conserved: debits = credits, the merchant holds authorized −
   * refunded, and the customers' funds are down by exactly that.
   */
  readonly balanced: boolean;
}

export function balancesByCurrency(totals: readonly LedgerTotal[]): CurrencyBalance[] {
  const currencies = [...new Set(totals.map((row) => row.currency))].sort();
  return currencies.map((currency) => {
    const rows = totals.filter((row) => row.currency === currency);
    const sum = (match: (row: LedgerTotal) => boolean) => rows.filter(match).reduce((acc, row) => acc + row.total, 0n);
    const held = (account: Account) =>
      sum((row) => row.account === account && row.side === 'CREDIT') -
      sum((row) => row.account === account && row.side === 'DEBIT');

    const authorized = sum((row) => row.kind === 'AUTHORIZATION' && row.side === 'CREDIT');
    const refunded = sum((row) => row.kind === 'REFUND' && row.side === 'DEBIT');
    const net = held(ACCOUNT.merchantAuthorized);
    const debits = sum((row) => row.side === 'DEBIT');
    const credits = sum((row) => row.side === 'CREDIT');
    const balanced = debits === credits && net === authorized - refunded && held(ACCOUNT.customerFunds) === -net;
    return { currency, authorized, refunded, net, debits, credits, balanced };
  });
}
