import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** Largest amount JSON numbers carry exactly; minor units. */
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;
/** One day: a longer velocity window is a batch report, not a fraud rule. */
const MAX_WINDOW_SECONDS = 86_400;
const MAX_VELOCITY_ORDERS = 1_000_000;

/** The full set of thresholds: PUT replaces all of them. */
export class FraudRulesBody {
  @ApiProperty({
    description:
      'An order whose total is above this is rejected (AMOUNT_OVER_LIMIT). Minor units, compared with the total as given whatever its currency.',
    example: 1_000_000,
    minimum: 0,
    maximum: MAX_AMOUNT,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  maxOrderAmount!: number;

  @ApiProperty({
    description:
      'A customer placing more than this many orders within velocityWindowSeconds is rejected (VELOCITY_EXCEEDED); the order being scored counts.',
    example: 5,
    minimum: 1,
    maximum: MAX_VELOCITY_ORDERS,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_VELOCITY_ORDERS)
  velocityMaxOrders!: number;

  @ApiProperty({
    description:
      'Length of the velocity window in seconds, measured on the times orders were placed (not when they were scored).',
    example: 60,
    minimum: 1,
    maximum: MAX_WINDOW_SECONDS,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_SECONDS)
  velocityWindowSeconds!: number;

  @ApiProperty({
    description:
      'When the card country differs from the shipping country, an order whose total is above this is rejected (COUNTRY_MISMATCH). Minor units.',
    example: 100_000,
    minimum: 0,
    maximum: MAX_AMOUNT,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  crossBorderMaxAmount!: number;
}
