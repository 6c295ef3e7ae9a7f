import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, DomainError } from '@surge/platform';
import type { FraudDetectionDatabase } from '../../database';
import { type BlocklistEntry, BlocklistRepository } from '../blocklist.repository';

@Injectable()
export class AddToBlocklist {
  constructor(
    @Inject(DATABASE) private readonly db: FraudDetectionDatabase,
    private readonly entries: BlocklistRepository,
  ) {}

  /** Applies to orders scored after it commits. The same entry twice is a conflict. */
  add(entry: { customerId?: string; cardFingerprint?: string }): Promise<BlocklistEntry> {
    const wanted = { customerId: entry.customerId ?? null, cardFingerprint: entry.cardFingerprint ?? null };
    return this.db.$transaction(async (tx) => {
      await this.entries.lockForWrite(tx);
      const existing = await this.entries.findSame(tx, wanted);
      if (existing) {
        throw new DomainError(
          'FRAUD.BLOCKLIST_ENTRY_EXISTS',
          `the blocklist already holds this entry (id ${existing.id})`,
          'conflict',
        );
      }
      return this.entries.add(tx, wanted);
    });
  }
}
