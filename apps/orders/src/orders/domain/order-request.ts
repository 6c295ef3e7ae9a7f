import { createHash } from 'node:crypto';

/** Input rules of POST /orders, shared by the DTOs and the unit tests. */
export const SKU_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
export const CUSTOMER_ID_MAX = 128;
export const MAX_ITEMS = 100;
/** Units of one line. */
export const MAX_QUANTITY = 10_000;
export const IDEMPOTENCY_KEY_MAX = 255;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The card country when the token names none. */
const DEFAULT_CARD_COUNTRY = 'US';
const TOKEN_COUNTRY = /_([A-Z]{2})$/;

export interface RequestedItem {
  readonly sku: string;
  readonly quantity: number;
  /** Minor units of the order's currency. */
  readonly unitPrice: number;
}

/** Lowercase hex SHA-256 of the payment token: fraud-detection sees the card, never the token. */
export function cardFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** `tok_visa_DE` is a German card; a token without an `_<CC>` suffix is a US card. */
export function cardCountry(token: string): string {
  return TOKEN_COUNTRY.exec(token)?.[1] ?? DEFAULT_CARD_COUNTRY;
}

/** Σ quantity × unitPrice in minor units, or null when it exceeds Number.MAX_SAFE_INTEGER. */
export function orderTotal(items: readonly RequestedItem[]): number | null {
  let total = 0n;
  for (const { quantity, unitPrice } of items) total += BigInt(quantity) * BigInt(unitPrice);
  return total > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(total);
}

/** For each item whose sku an earlier item already names: its index and the first one's. */
export function repeatedSkus(items: readonly { readonly sku: unknown }[]): { index: number; first: number }[] {
  const seen = new Map<unknown, number>();
  const repeats: { index: number; first: number }[] = [];
  items.forEach((item, index) => {
    const first = seen.get(item.sku);
    if (first === undefined) seen.set(item.sku, index);
    else repeats.push({ index, first });
  });
  return repeats;
}

/**
 * Lowercase hex SHA-256 of a JSON value with object keys sorted at every
 * level, so the same body hashes the same whatever its key order or spacing.
 */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
