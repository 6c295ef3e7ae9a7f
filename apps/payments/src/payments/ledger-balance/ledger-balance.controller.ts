import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LedgerBalance } from './ledger-balance';
import { LedgerBalanceResponse } from './ledger-balance.dto';

@ApiTags('payments')
@Controller('payments/ledger')
export class LedgerBalanceController {
  constructor(private readonly ledger: LedgerBalance) {}

  @Get('balance')
  @ApiOkResponse({ type: LedgerBalanceResponse, description: 'Totals that prove money is conserved.' })
  async balance(): Promise<LedgerBalanceResponse> {
    return LedgerBalanceResponse.from(await this.ledger.byCurrency());
  }
}
