import { ApiProperty } from '@nestjs/swagger';
import type { CurrencyBalance } from '../domain/ledger';

export class CurrencyBalanceResponse {
  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ description: 'Everything ever authorized, in minor units.' })
  authorized!: number;

  @ApiProperty({ description: 'Everything ever refunded, in minor units.' })
  refunded!: number;

  @ApiProperty({ description: 'What merchant_authorized holds now, in minor units: authorized − refunded.' })
  net!: number;

  @ApiProperty({ description: 'Sum of every debit entry, in minor units.' })
  debits!: number;

  @ApiProperty({ description: 'Sum of every credit entry, in minor units.' })
  credits!: number;

  @ApiProperty({ description: 'debits = credits, net = authorized − refunded, customer funds down by net.' })
  balanced!: boolean;
}

/**
 * Totals of the double-entry ledger. The top-level `authorized`, `refunded`
 * and `net` add minor units across currencies: a conservation check, an
 * amount of money only when one currency is in use; `currencies` has the
 * amounts per currency.
 */
export class LedgerBalanceResponse {
  @ApiProperty({ description: 'Sum over currencies of authorized minor units.' })
  authorized!: number;

  @ApiProperty({ description: 'Sum over currencies of refunded minor units.' })
  refunded!: number;

  @ApiProperty({ description: 'Sum over currencies of net minor units; equals authorized − refunded.' })
  net!: number;

  @ApiProperty({ description: 'Every currency is balanced.' })
  balanced!: boolean;

  @ApiProperty({ type: [CurrencyBalanceResponse] })
  currencies!: CurrencyBalanceResponse[];

  static from(balances: readonly CurrencyBalance[]): LedgerBalanceResponse {
    const total = (pick: (balance: CurrencyBalance) => bigint) =>
      Number(balances.reduce((sum, balance) => sum + pick(balance), 0n));
    return {
      authorized: total((balance) => balance.authorized),
      refunded: total((balance) => balance.refunded),
      net: total((balance) => balance.net),
      balanced: balances.every((balance) => balance.balanced),
      currencies: balances.map((balance) => ({
        currency: balance.currency,
        authorized: Number(balance.authorized),
        refunded: Number(balance.refunded),
        net: Number(balance.net),
        debits: Number(balance.debits),
        credits: Number(balance.credits),
        balanced: balance.balanced,
      })),
    };
  }
}
