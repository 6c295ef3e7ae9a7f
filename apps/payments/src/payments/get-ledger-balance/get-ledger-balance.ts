import { Injectable } from '@nestjs/common';
import { balancesByCurrency, type CurrencyBalance } from '../domain/ledger';
import { PaymentsRepository } from '../payments.repository';

@Injectable()
export class GetLedgerBalance {
  constructor(private readonly payments: PaymentsRepository) {}

  async byCurrency(): Promise<CurrencyBalance[]> {
    return balancesByCurrency(await this.payments.ledgerTotals());
  }
}
