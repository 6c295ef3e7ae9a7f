const FALLBACK_DIGITS = 2;

/** Minor-unit digits of an ISO 4217 currency (JPY 0, EUR 2, KWD 3); 2 for codes Intl does not know. */
export function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return FALLBACK_DIGITS;
  }
}

/**
 * An amount in minor units as a person reads it: `formatMoney(2500, 'EUR')`
 * is "EUR 25.00", `formatMoney(1500, 'JPY')` is "JPY 1,500". Integer
 * arithmetic on the digits, so no amount is rounded.
 */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const text = Math.abs(Math.trunc(amountMinor))
    .toLocaleString('en-US', { useGrouping: false })
    .padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${currency} ${sign}${whole}${fraction}`;
}
