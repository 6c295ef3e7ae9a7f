import { ApiProperty } from '@nestjs/swagger';
import type { BlocklistEntry } from '../blocklist.repository';

export class BlocklistEntryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'customer-42' })
  customerId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'a'.repeat(64) })
  cardFingerprint!: string | null;

  @ApiProperty({ description: 'ISO 8601 UTC', example: '2026-01-31T12:00:00.000Z' })
  createdAt!: string;

  static from(entry: BlocklistEntry): BlocklistEntryView {
    return {
      id: entry.id,
      customerId: entry.customerId,
      cardFingerprint: entry.cardFingerprint,
      createdAt: entry.createdAt.toISOString(),
    };
  }
}
