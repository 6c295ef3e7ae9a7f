import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { FRAUD_DECISION_V1_SYMBOLS, type FraudDecisionV1 } from '@surge/contracts';
import { FRAUD_REASONS } from './score-order';
import { FraudChecks } from './fraud-checks.service';

export class FraudCheckView {
  @ApiProperty({ description: 'Id of the scored order.' })
  orderId!: string;

  @ApiProperty({ enum: FRAUD_DECISION_V1_SYMBOLS })
  decision!: FraudDecisionV1;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'Risk from 0 (none) to 100; REJECTED exactly when ≥ 50.' })
  score!: number;

  @ApiProperty({
    enum: FRAUD_REASONS,
    isArray: true,
    description: 'Stable codes of the rules that fired; empty when approved.',
  })
  reasons!: string[];
}

@ApiTags('fraud-checks')
@Controller('fraud-checks')
export class FraudChecksController {
  constructor(private readonly checks: FraudChecks) {}

  @Get(':orderId')
  @ApiOperation({ summary: 'The fraud decision on an order' })
  @ApiParam({ name: 'orderId', description: 'Id of the order' })
  @ApiOkResponse({ type: FraudCheckView })
  @ApiNotFoundResponse({ description: 'The order has not been checked (code FRAUD.CHECK_NOT_FOUND).' })
  find(@Param('orderId') orderId: string): Promise<FraudCheckView> {
    return this.checks.get(orderId);
  }
}
