import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CURRENCY_PATTERN,
  MAX_NAME_LENGTH,
  MAX_UNIT_PRICE,
  MAX_UNITS,
  NAME_PATTERN,
  SKU_PATTERN,
} from '../domain/product';

export class CreateProductDto {
  @ApiProperty({ example: 'KETTLE-01', pattern: SKU_PATTERN.source, description: '1-64 of A-Z a-z 0-9 _ -' })
  @IsString()
  @Matches(SKU_PATTERN, { message: 'must be 1-64 characters of A-Z a-z 0-9 _ -' })
  sku!: string;

  @ApiProperty({ example: 'Electric kettle', maxLength: MAX_NAME_LENGTH })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'must not be blank' })
  @MaxLength(MAX_NAME_LENGTH)
  name!: string;

  @ApiProperty({ example: 2500, minimum: 0, description: 'Price of one unit, in minor units of currency' })
  @IsInt()
  @Min(0)
  @Max(MAX_UNIT_PRICE)
  unitPrice!: number;

  @ApiProperty({ example: 'EUR', pattern: CURRENCY_PATTERN.source, description: 'ISO 4217 code' })
  @IsString()
  @Matches(CURRENCY_PATTERN, { message: 'must be an ISO 4217 code of 3 upper-case letters' })
  currency!: string;

  @ApiProperty({ example: 10, minimum: 0, maximum: MAX_UNITS, description: 'Initial units available' })
  @IsInt()
  @Min(0)
  @Max(MAX_UNITS)
  stock!: number;
}
