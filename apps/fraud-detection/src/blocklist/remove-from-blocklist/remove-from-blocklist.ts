import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, DomainError } from '@surge/platform';
import type { FraudDetectionDatabase } from '../../database';
import { BlocklistRepository } from '../blocklist.repository';

@Injectable()
export class RemoveFromBlocklist {
  constructor(
    @Inject(DATABASE) private readonly db: FraudDetectionDatabase,
    private readonly entries: BlocklistRepository,
  ) {}

  async remove(id: string): Promise<void> {
    const removed = await this.entries.remove(this.db, id);
    if (!removed) throw new DomainError('FRAUD.BLOCKLIST_ENTRY_NOT_FOUND', `no blocklist entry ${id}`, 'not_found');
  }
}
