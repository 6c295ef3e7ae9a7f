import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StoredRules } from './rules.repository';
import { FraudRulesBody, FraudRulesView } from './rules.dto';
import { FraudRulesService } from './rules.service';

@ApiTags('rules')
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: FraudRulesService) {}

  @Get()
  @ApiOperation({ summary: 'The thresholds the fraud rules apply' })
  @ApiOkResponse({ type: FraudRulesView })
  async get(): Promise<FraudRulesView> {
    return view(await this.rules.current());
  }

  @Put()
  @ApiOperation({ summary: 'Replace every threshold; orders scored afterwards use them' })
  @ApiOkResponse({ type: FraudRulesView })
  @ApiBadRequestResponse({ description: 'A threshold is missing, not an integer, out of range, or unknown.' })
  async replace(@Body() body: FraudRulesBody): Promise<FraudRulesView> {
    return view(await this.rules.replace(body));
  }
}

function view(rules: StoredRules): FraudRulesView {
  return {
    maxOrderAmount: rules.maxOrderAmount,
    velocityMaxOrders: rules.velocityMaxOrders,
    velocityWindowSeconds: rules.velocityWindowSeconds,
    crossBorderMaxAmount: rules.crossBorderMaxAmount,
    updatedAt: rules.updatedAt.toISOString(),
  };
}
