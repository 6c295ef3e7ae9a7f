import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
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
  DEFAULT_PAGE_SIZE,
  MAX_ITEMS,
  MAX_PAGE_SIZE,
  MAX_QUANTITY,
  SKU_PATTERN,
  orderTotal,
  repeatedSkus,
} from './domain/order-request';

const STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'] as const;
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

export class OrderIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;
}

export class ListOrdersQuery {
  @ApiPropertyOptional({ maxLength: CUSTOMER_ID_MAX })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CUSTOMER_ID_MAX)
  customerId?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` })
  status?: (typeof STATUSES)[number];

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

export class PlacedOrderView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ enum: STATUSES, description: 'PENDING when created; the current status on an idempotent replay' })
  status!: string;
}

export class OrderItemView {
  @ApiProperty({ example: 'KETTLE-01' })
  sku!: string;

  @ApiProperty({ example: 2 })
  quantity!: number;

  @ApiProperty({ example: 2500, description: 'Minor units of currency' })
  unitPrice!: number;
}

export class TimelineEntryView {
  @ApiProperty({ example: 'OrderPlaced', description: 'The saga event name' })
  type!: string;

  @ApiProperty({ format: 'date-time', description: 'When the event happened, ISO 8601 UTC' })
  at!: string;
}

export class OrderSummaryView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ example: 'customer-42' })
  customerId!: string;

  @ApiProperty({ enum: STATUSES })
  status!: string;

  @ApiPropertyOptional({
    enum: ['OUT_OF_STOCK', 'UNKNOWN_SKU', 'PRICE_MISMATCH', 'FRAUD_SUSPECTED', 'PAYMENT_DECLINED', 'OTHER'],
    description: 'Only when REJECTED',
  })
  reason?: string;

  @ApiProperty({ type: [OrderItemView] })
  items!: OrderItemView[];

  @ApiProperty({ example: 5000, description: 'Minor units of currency' })
  totalAmount!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class OrderView extends OrderSummaryView {
  @ApiProperty({ type: [TimelineEntryView], description: 'Every saga event the order saw, in the order it saw them' })
  timeline!: TimelineEntryView[];
}
