/**
 * The thresholds the rules compare against. Amounts are integers in minor
 * units and compare with an order's total as given, whatever its currency:
 * there is no conversion, so one threshold applies to 100 EUR (10,000 cents)
 * and to 10,000 JPY (10,000 yen, JPY has no minor unit) alike.
 */
export interface FraudThresholds {
  /** An order whose total is above this is rejected (AMOUNT_OVER_LIMIT); minor units. */
  readonly maxOrderAmount: number;
  /** More than this many orders of one customer within the window are rejected (VELOCITY_EXCEEDED). */
  readonly velocityMaxOrders: number;
  /** Length of the velocity window, in seconds. */
  readonly velocityWindowSeconds: number;
  /** Card country ≠ shipping country and total above this: rejected (COUNTRY_MISMATCH); minor units. */
  readonly crossBorderMaxAmount: number;
}
