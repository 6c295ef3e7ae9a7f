import { START_ATTEMPTS, parseArgs, startFailure } from './cli';

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

describe('startFailure', () => {
  const crashed = { code: 1, signal: null };

  it('keeps waiting while a crashing service is being restarted', () => {
    expect(startFailure('orders', { crashes: 0 })).toBeUndefined();
    expect(startFailure('orders', { crashes: START_ATTEMPTS - 1, lastExit: crashed })).toBeUndefined();
  });

  it('gives up on a service that crashed on every attempt, saying how it ended', () => {
    expect(startFailure('orders', { crashes: START_ATTEMPTS, lastExit: crashed })?.message).toBe(
      'orders exited with code 1 before it was ready (3 attempts); see its output above',
    );
  });
});
