import { Injectable } from '@nestjs/common';
import type { FraudDetectionPrismaTransaction, FraudDetectionTransaction } from '../database';

export interface BlocklistEntry {
  readonly id: string;
  readonly customerId: string | null;
  /** Lowercase hex SHA-256 of a payment token. */
  readonly cardFingerprint: string | null;
  readonly createdAt: Date;
}

/** Which of the asked customers and card fingerprints are on the blocklist. */
export interface BlocklistMatches {
  readonly customerIds: ReadonlySet<string>;
  readonly cardFingerprints: ReadonlySet<string>;
}

/** Any constant distinct from other advisory lock keys of this database (two-key space). */
const BLOCKLIST_LOCK = 0x0b10c;

@Injectable()
export class BlocklistRepository {
  list(tx: FraudDetectionPrismaTransaction): Promise<BlocklistEntry[]> {
    return tx.blocklistEntry.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** Serializes blocklist writes until commit, so a duplicate check and its insert cannot interleave. */
  async lockForWrite(tx: FraudDetectionPrismaTransaction): Promise<void> {
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1::int, 0)', BLOCKLIST_LOCK);
  }

  findSame(
    tx: FraudDetectionPrismaTransaction,
    entry: { customerId: string | null; cardFingerprint: string | null },
  ): Promise<BlocklistEntry | null> {
    return tx.blocklistEntry.findFirst({
      where: { customerId: entry.customerId, cardFingerprint: entry.cardFingerprint },
    });
  }

  add(
    tx: FraudDetectionPrismaTransaction,
    entry: { customerId: string | null; cardFingerprint: string | null },
  ): Promise<BlocklistEntry> {
    return tx.blocklistEntry.create({ data: entry });
  }

  /** Whether an entry with this id existed (and is now gone). */
  async remove(tx: FraudDetectionPrismaTransaction, id: string): Promise<boolean> {
    const { count } = await tx.blocklistEntry.deleteMany({ where: { id } });
    return count > 0;
  }

  /** Plain SQL: every batch of OrderPlaced asks it (the saga's hot path). */
  async matching(
    tx: FraudDetectionTransaction,
    customerIds: readonly string[],
    cardFingerprints: readonly string[],
  ): Promise<BlocklistMatches> {
    const rows = await tx.$queryRawUnsafe<{ customerId: string | null; cardFingerprint: string | null }[]>(
      `SELECT customer_id AS "customerId", card_fingerprint AS "cardFingerprint" FROM blocklist_entries
       WHERE customer_id = ANY($1::text[]) OR card_fingerprint = ANY($2::text[])`,
      [...customerIds],
      [...cardFingerprints],
    );
    const asked = { customers: new Set(customerIds), cards: new Set(cardFingerprints) };
    return {
      customerIds: new Set(
        rows.flatMap((row) => (row.customerId && asked.customers.has(row.customerId) ? [row.customerId] : [])),
      ),
      cardFingerprints: new Set(
        rows.flatMap((row) =>
          row.cardFingerprint && asked.cards.has(row.cardFingerprint) ? [row.cardFingerprint] : [],
        ),
      ),
    };
  }
}
