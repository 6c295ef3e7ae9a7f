/** A sku: 1-64 of A-Z a-z 0-9 _ - (safe in a URL path without encoding). */
export const SKU_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** ISO 4217 alphabetic code. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/**
 * Most units a product may ever receive in total (stock_added). Counters are
 * 32-bit integers in the database; this keeps every sum of them in range.
 */
export const MAX_UNITS = 1_000_000_000;

/** Highest unit price, in minor units: beyond it JSON numbers lose precision. */
export const MAX_UNIT_PRICE = Number.MAX_SAFE_INTEGER;

/** Longest product name, in characters. */
export const MAX_NAME_LENGTH = 200;

/** A name has at least one non-space character. */
export const NAME_PATTERN = /\S/;

/** Paging of GET /products. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** A product as the API shows it; counters in units, price in minor units. */
export interface Product {
  readonly sku: string;
  readonly name: string;
  readonly unitPrice: number;
  readonly currency: string;
  readonly available: number;
  readonly reserved: number;
  readonly sold: number;
}
