import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { FraudDetectionDatabase } from '../../database';
import { type BlocklistEntry, BlocklistRepository } from '../blocklist.repository';

@Injectable()
export class ListBlocklist {
  constructor(
    @Inject(DATABASE) private readonly db: FraudDetectionDatabase,
    private readonly entries: BlocklistRepository,
  ) {}

  all(): Promise<BlocklistEntry[]> {
    return this.entries.list(this.db);
  }
}
