import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { FraudDetectionDatabase } from '../../database';
import type { FraudThresholds } from '../domain/fraud-rules';
import { RulesRepository, type StoredRules } from '../rules.repository';

@Injectable()
export class ReplaceRules {
  constructor(
    @Inject(DATABASE) private readonly db: FraudDetectionDatabase,
    private readonly rules: RulesRepository,
  ) {}

  /** Applies to orders scored after the change commits; checks already made stand. */
  replace(thresholds: FraudThresholds): Promise<StoredRules> {
    return this.rules.replace(this.db, thresholds);
  }
}
