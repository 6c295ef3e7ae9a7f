import { parseCardToken } from './card-token';

describe('a card token', () => {
  it('is a US card unless it says otherwise', () => {
    expect(parseCardToken('tok_visa')).toEqual({ base: 'tok_visa', country: 'US' });
  });

  it('names its country in a trailing _<CC>', () => {
    expect(parseCardToken('tok_visa_DE')).toEqual({ base: 'tok_visa', country: 'DE' });
    expect(parseCardToken('tok_chargeDeclined_FR')).toEqual({ base: 'tok_chargeDeclined', country: 'FR' });
  });

  it('does not take a lower-case or longer tail for a country', () => {
    expect(parseCardToken('tok_visa_de')).toEqual({ base: 'tok_visa_de', country: 'US' });
    expect(parseCardToken('tok_visa_DEU')).toEqual({ base: 'tok_visa_DEU', country: 'US' });
    expect(parseCardToken('_DE')).toEqual({ base: '_DE', country: 'US' });
  });
});
