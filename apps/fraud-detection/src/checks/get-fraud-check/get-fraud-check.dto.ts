import { ApiProperty } from '@nestjs/swagger';
import { FRAUD_DECISION_V1_SYMBOLS, type FraudDecisionV1 } from '@surge/contracts';
import { FRAUD_REASONS } from '../domain/score-order';

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
