/** A token's card country when it carries no `_<CC>` suffix. */
export const DEFAULT_CARD_COUNTRY = 'US';

const COUNTRY_SUFFIX = /^(.+)_([A-Z]{2})$/;

export interface CardToken {
  /** The token without its country suffix, e.g. `tok_visa` for `tok_visa_DE`. */
  readonly base: string;
  /** ISO 3166-1 alpha-2 country of the card. */
  readonly country: string;
}

/** Splits a processor token into its base and its card country (`tok_visa_DE` → `tok_visa`, `DE`). */
export function parseCardToken(token: string): CardToken {
  const match = COUNTRY_SUFFIX.exec(token);
  return match ? { base: match[1], country: match[2] } : { base: token, country: DEFAULT_CARD_COUNTRY };
}
