import { DEFAULT_OPTIONS, parseOptions, UsageError } from './options';

describe('parseOptions', () => {
  it('defaults to a 10,000-order sale on 100 products, as fast as possible, with ceilings', () => {
    expect(parseOptions([])).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({ orders: 10_000, rate: undefined, skus: 100, ceilings: true });
  });

  it('takes a rate and a duration as rate × duration orders', () => {
    expect(parseOptions(['--rate', '200', '--duration', '60'])).toMatchObject({ rate: 200, orders: 12_000 });
    expect(parseOptions(['--rate', 'max', '--orders', '500'])).toMatchObject({ rate: undefined, orders: 500 });
  });

  it('reads every option', () => {
    const options = parseOptions([
      '--orders=300',
      '--concurrency=8',
      '--skus=5',
      '--stock=20',
      '--settle-timeout=30',
      '--no-ceilings',
      '--json=out.json',
    ]);
    expect(options).toEqual({
      orders: 300,
      rate: undefined,
      concurrency: 8,
      skus: 5,
      stock: 20,
      settleTimeoutMs: 30_000,
      ceilings: false,
      jsonFile: 'out.json',
      ceilingMessages: DEFAULT_OPTIONS.ceilingMessages,
      ceilingSeconds: DEFAULT_OPTIONS.ceilingSeconds,
    });
    expect(parseOptions(['--help'])).toBe('help');
  });

  it.each([
    [['--orders', '0'], '--orders must be a positive whole number, got "0"'],
    [['--orders', '1.5'], '--orders must be a positive whole number, got "1.5"'],
    [['--rate', 'fast'], '--rate must be a positive number, got "fast"'],
    [['--duration', '10'], '--duration needs a --rate'],
    [['--rate', '5', '--duration', '10', '--orders', '3'], 'give --orders or --duration, not both'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j naming the option', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(UsageError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});
