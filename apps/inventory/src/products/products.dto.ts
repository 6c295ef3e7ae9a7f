import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import {
  CURRENCY_PATTERN,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MAX_UNIT_PRICE,
  MAX_UNITS,
  type Product,
  SKU_PATTERN,
} from './product';

const NAME_MAX = 200;
/** At least one non-space character. */
const NAME_PATTERN = /\S/;

export class CreateProductDto {
  @ApiProperty({ example: 'KETTLE-01', pattern: SKU_PATTERN.source, description: '1-64 of A-Z a-z 0-9 _ -' })
  @IsString()
  @Matches(SKU_PATTERN, { message: 'must be 1-64 characters of A-Z a-z 0-9 _ -' })
  sku!: string;

  @ApiProperty({ example: 'Electric kettle', maxLength: NAME_MAX })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'must not be blank' })
  @MaxLength(NAME_MAX)
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

export class RestockDto {
  @ApiProperty({ example: 5, minimum: 1, maximum: MAX_UNITS, description: 'Units to add to available' })
  @IsInt()
  @Min(1)
  @Max(MAX_UNITS)
  quantity!: number;
}

export class UpdateProductDto {
  @ApiPropertyOptional({ example: 'Electric kettle, 1.7 l', maxLength: NAME_MAX })
  // An empty patch is a client mistake: name is then required.
  @ValidateIf((patch: UpdateProductDto) => patch.name !== undefined || patch.unitPrice === undefined)
  @IsDefined({ message: 'required when unitPrice is absent' })
  @IsString()
  @Matches(NAME_PATTERN, { message: 'must not be blank' })
  @MaxLength(NAME_MAX)
  name?: string;

  @ApiPropertyOptional({ example: 2700, minimum: 0, description: 'Price of one unit, in minor units of currency' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_UNIT_PRICE)
  unitPrice?: number;
}

export class SkuParams {
  @ApiProperty({ example: 'KETTLE-01', pattern: SKU_PATTERN.source })
  @Matches(SKU_PATTERN, { message: 'must be 1-64 characters of A-Z a-z 0-9 _ -' })
  sku!: string;
}

export class ListProductsQuery {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;
}

export class ProductView implements Product {
  @ApiProperty({ example: 'KETTLE-01' })
  sku!: string;

  @ApiProperty({ example: 'Electric kettle' })
  name!: string;

  @ApiProperty({ example: 2500, description: 'Minor units of currency' })
  unitPrice!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: 7, description: 'Units that can be reserved' })
  available!: number;

  @ApiProperty({ example: 2, description: 'Units held for orders not yet confirmed' })
  reserved!: number;

  @ApiProperty({ example: 1, description: 'Units of confirmed orders' })
  sold!: number;
}
