import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetRules } from './get-rules';
import { FraudRulesView } from './get-rules.dto';

@ApiTags('rules')
@Controller('rules')
export class GetRulesController {
  constructor(private readonly getRules: GetRules) {}

  @Get()
  // The operationId published before /rules had one controller per use case.
  @ApiOperation({ operationId: 'RulesController_get', summary: 'The thresholds the fraud rules apply' })
  @ApiOkResponse({ type: FraudRulesView })
  async get(): Promise<FraudRulesView> {
    return FraudRulesView.from(await this.getRules.current());
  }
}
