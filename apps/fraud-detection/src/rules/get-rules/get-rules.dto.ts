import { ApiProperty } from '@nestjs/swagger';
import { FraudRulesBody } from '../replace-rules/replace-rules.dto';
import type { StoredRules } from '../rules.repository';

/** The thresholds in force: what PUT /rules takes, and when they last changed. */
export class FraudRulesView extends FraudRulesBody {
  @ApiProperty({ description: 'When the thresholds last changed (ISO 8601 UTC).', example: '2026-01-31T12:00:00.000Z' })
  updatedAt!: string;

  static from(rules: StoredRules): FraudRulesView {
    return {
      maxOrderAmount: rules.maxOrderAmount,
      velocityMaxOrders: rules.velocityMaxOrders,
      velocityWindowSeconds: rules.velocityWindowSeconds,
      crossBorderMaxAmount: rules.crossBorderMaxAmount,
      updatedAt: rules.updatedAt.toISOString(),
    };
  }
}
