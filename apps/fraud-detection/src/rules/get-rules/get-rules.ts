import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { FraudDetectionDatabase } from '../../database';
import { RulesRepository, type StoredRules } from '../rules.repository';

@Injectable()
export class GetRules {
  constructor(
    @Inject(DATABASE) private readonly db: FraudDetectionDatabase,
    private readonly rules: RulesRepository,
  ) {}

  current(): Promise<StoredRules> {
    return this.rules.current(this.db);
  }
}
