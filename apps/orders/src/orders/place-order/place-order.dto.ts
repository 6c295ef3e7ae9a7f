import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import {
  COUNTRY_PATTERN,
  CURRENCY_PATTERN,
  CUSTOMER_ID_MAX,
  MAX_ITEMS,
  MAX_QUANTITY,
  SKU_PATTERN,
  orderTotal,
  repeatedSkus,
} from '../domain/order-request';
import { ORDER_STATUSES } from '../domain/order-saga';

const ADDRESS_FIELD_MAX = 200;
const TOKEN_MAX = 256;

function itemsOf(value: unknown): { sku: unknown; quantity: unknown; unitPrice: unknown }[] {
  return Array.isArray(value)
    ? value.filter((item): item is OrderItemDto => item !== null && typeof item === 'object')
    : [];
}

/** Each sku at most once per order: a client that means more units sends a larger quantity. */
function UniqueSkus(): PropertyDecorator {
  return ValidateBy({
    name: 'uniqueSkus',
    validator: {
      validate: (value: unknown) => repeatedSkus(itemsOf(value)).length === 0,
      defaultMessage: (args?: ValidationArguments) =>
        repeatedSkus(itemsOf(args?.value))
          .map(
            ({ index, first }) =>
              `item ${index} repeats the sku of item ${first}; send one item with the summed quantity`,
          )
          .join('; '),
    },
  });
}

/** Σ quantity × unitPrice must stay within Number.MAX_SAFE_INTEGER minor units. */
function SafeTotal(): PropertyDecorator {
  return ValidateBy({
    name: 'safeTotal',
    validator: {
      validate: (value: unknown) => {
        const items = itemsOf(value);
        const numeric = items.every(
          (item) => Number.isSafeInteger(item.quantity) && Number.isSafeInteger(item.unitPrice),
        );
        // Malformed items are reported on their own fields.
        return !numeric || orderTotal(items as OrderItemDto[]) !== null;
      },
      defaultMessage: () => `the total amount exceeds ${Number.MAX_SAFE_INTEGER} minor units`,
    },
  });
}

export class OrderItemDto {
  @ApiProperty({ example: 'KETTLE-01', pattern: SKU_PATTERN.source, description: '1-64 of A-Z a-z 0-9 _ -' })
  @IsString()
  @Matches(SKU_PATTERN, { message: 'must be 1-64 characters of A-Z a-z 0-9 _ -' })
  sku!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: MAX_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;

  @ApiProperty({ example: 2500, minimum: 0, description: 'Price of one unit, in minor units of currency' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  unitPrice!: number;
}

export class PaymentDto {
  @ApiProperty({ example: 'tok_visa', description: 'Card token; `_<CC>` suffix names the card country (US otherwise)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(TOKEN_MAX)
  token!: string;
}

export class ShippingAddressDto {
  @ApiProperty({ example: 'DE', pattern: COUNTRY_PATTERN.source, description: 'ISO 3166-1 alpha-2' })
  @IsString()
  @Matches(COUNTRY_PATTERN, { message: 'must be an ISO 3166-1 alpha-2 code of 2 upper-case letters' })
  country!: string;

  @ApiPropertyOptional({ example: 'Berlin' })
  @IsOptional()
  @IsString()
  @MaxLength(ADDRESS_FIELD_MAX)
  city?: string;

  @ApiPropertyOptional({ example: 'Unter den Linden 1' })
  @IsOptional()
  @IsString()
  @MaxLength(ADDRESS_FIELD_MAX)
  line1?: string;

  @ApiPropertyOptional({ example: '10117' })
  @IsOptional()
  @IsString()
  @MaxLength(ADDRESS_FIELD_MAX)
  postalCode?: string;
}

export class PlaceOrderDto {
  @ApiProperty({ example: 'customer-42', maxLength: CUSTOMER_ID_MAX })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CUSTOMER_ID_MAX)
  customerId!: string;

  @ApiProperty({ example: 'EUR', pattern: CURRENCY_PATTERN.source, description: 'ISO 4217 code' })
  @IsString()
  @Matches(CURRENCY_PATTERN, { message: 'must be an ISO 4217 code of 3 upper-case letters' })
  currency!: string;

  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: MAX_ITEMS, description: 'Each sku at most once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  @UniqueSkus()
  @SafeTotal()
  items!: OrderItemDto[];

  @ApiProperty({ type: PaymentDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentDto)
  payment!: PaymentDto;

  @ApiProperty({ type: ShippingAddressDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress!: ShippingAddressDto;
}

export class PlacedOrderView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({
    enum: ORDER_STATUSES,
    description: 'PENDING when created; the current status on an idempotent replay',
  })
  status!: string;
}
