import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { FraudDetectionDatabase } from '../database';
import type { FraudThresholds } from './fraud-rules';
import { RulesRepository, type StoredRules } from './rules.repository';

@Injectable()
export class FraudRulesService {
  constructor(
    @Inject(DATABASE) private readonly db: FraudDetectionDatabase,
    private readonly rules: RulesRepository,
  ) {}

  current(): Promise<StoredRules> {
    return this.rules.current(this.db);
  }

  /** Applies to orders scored after the change commits; checks already made stand. */
  replace(thresholds: FraudThresholds): Promise<StoredRules> {
    return this.rules.replace(this.db, thresholds);
  }
}
