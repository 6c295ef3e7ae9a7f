import { parseArgs } from './cli';

describe('parseArgs', () => {
  it('reads the flags', () => {
    expect(parseArgs([])).toEqual({ fresh: false, infraOnly: false, help: false });
    expect(parseArgs(['--fresh', '--infra-only'])).toEqual({ fresh: true, infraOnly: true, help: false });
    expect(parseArgs(['-h']).help).toBe(true);
  });

  it('refuses unknown options in one line', () => {
    expect(() => parseArgs(['--fersh'])).toThrow('unknown option --fersh; see npm start -- --help');
  });
});
