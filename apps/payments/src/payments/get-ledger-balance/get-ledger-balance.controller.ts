import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetLedgerBalance } from './get-ledger-balance';
import { LedgerBalanceResponse } from './get-ledger-balance.dto';

@ApiTags('payments')
@Controller('payments/ledger')
export class LedgerBalanceController {
  constructor(private readonly ledger: GetLedgerBalance) {}

  @Get('balance')
  @ApiOkResponse({ type: LedgerBalanceResponse, description: 'Totals that prove money is conserved.' })
  async balance(): Promise<LedgerBalanceResponse> {
    return LedgerBalanceResponse.from(await this.ledger.byCurrency());
  }
}
