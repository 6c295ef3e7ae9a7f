import { Body, Controller, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FraudRulesView } from '../get-rules/get-rules.dto';
import { ReplaceRules } from './replace-rules';
import { FraudRulesBody } from './replace-rules.dto';

@ApiTags('rules')
@Controller('rules')
export class ReplaceRulesController {
  constructor(private readonly replaceRules: ReplaceRules) {}

  @Put()
  // The operationId published before /rules had one controller per use case.
  @ApiOperation({
    operationId: 'RulesController_replace',
    summary: 'Replace every threshold; orders scored afterwards use them',
  })
  @ApiOkResponse({ type: FraudRulesView })
  @ApiBadRequestResponse({ description: 'A threshold is missing, not an integer, out of range, or unknown.' })
  async replace(@Body() body: FraudRulesBody): Promise<FraudRulesView> {
    return FraudRulesView.from(await this.replaceRules.replace(body));
  }
}
