import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@surge/persistence';
import { DATABASE } from '@surge/platform';
import type { FraudDetectionDatabase, FraudDetectionTransaction } from '../database';
import type { FraudThresholds } from './fraud-rules';
import { RulesRepository, type StoredRules } from './rules.repository';

@Injectable()
export class FraudRulesService {
  constructor(
    @Inject(DATABASE) private readonly db: FraudDetectionDatabase,
    private readonly transactions: TransactionRunner<FraudDetectionTransaction>,
    private readonly rules: RulesRepository,
  ) {}

  current(): Promise<StoredRules> {
    return this.rules.current(this.db);
  }

  /** Applies to orders scored after the change commits; checks already made stand. */
  replace(thresholds: FraudThresholds): Promise<StoredRules> {
    return this.transactions.run((tx) => this.rules.replace(tx, thresholds));
  }
}
