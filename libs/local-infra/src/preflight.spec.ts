import { StackError } from './errors';
import { assertPortsFree, parseJavaMajor } from './preflight';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25.0.3" 2026-04-21 LTS', 25],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21" 2023-09-19', 21],
  ])('reads %s as %i', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it('returns undefined for output it does not know', () => {
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });
});

describe('assertPortsFree', () => {
  it('refuses one port configured twice before binding anything', async () => {
    await expect(
      assertPortsFree([
        { port: 9092, what: 'Kafka' },
        { port: 9092, what: 'schema registry' },
      ]),
    ).rejects.toThrow(
      new StackError('port 9092 is configured for both Kafka and schema registry; give them different ports'),
    );
  });
});
