import { Inject, Injectable } from '@nestjs/common';
import type { FraudDecisionV1 } from '@surge/contracts';
import { DATABASE, DomainError } from '@surge/platform';
import type { FraudDetectionDatabase } from '../../database';
import { ChecksRepository } from '../checks.repository';

@Injectable()
export class GetFraudCheck {
  constructor(
    @Inject(DATABASE) private readonly db: FraudDetectionDatabase,
    private readonly checks: ChecksRepository,
  ) {}

  async byOrderId(
    orderId: string,
  ): Promise<{ orderId: string; decision: FraudDecisionV1; score: number; reasons: string[] }> {
    const check = await this.checks.find(this.db, orderId);
    if (!check) throw new DomainError('FRAUD.CHECK_NOT_FOUND', `no fraud check for order ${orderId}`, 'not_found');
    return check;
  }
}
