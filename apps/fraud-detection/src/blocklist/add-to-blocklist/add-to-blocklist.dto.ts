import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

const MAX_CUSTOMER_ID = 200;

/** At least one of the two; when both are given, the customer and the card are each blocked. */
export class BlocklistEntryBody {
  @ApiPropertyOptional({
    description: 'Customer to block; required when cardFingerprint is absent.',
    example: 'customer-42',
    maxLength: MAX_CUSTOMER_ID,
  })
  @ValidateIf((body: BlocklistEntryBody) => body.customerId !== undefined || body.cardFingerprint === undefined)
  @IsString({ message: 'must be a string, and customerId or cardFingerprint is required' })
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(MAX_CUSTOMER_ID)
  customerId?: string;

  @ApiPropertyOptional({
    description:
      'Card to block: lowercase hex SHA-256 of its payment token, as OrderPlaced.paymentTokenFingerprint carries it; required when customerId is absent.',
    example: 'a'.repeat(64),
    pattern: '^[0-9a-f]{64}$',
  })
  @ValidateIf((body: BlocklistEntryBody) => body.cardFingerprint !== undefined || body.customerId === undefined)
  @IsString({ message: 'must be a string, and customerId or cardFingerprint is required' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be a hex SHA-256 (64 hex digits)' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  cardFingerprint?: string;
}
