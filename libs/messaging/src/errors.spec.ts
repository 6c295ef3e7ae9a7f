import { DependencyUnavailableError, isNetworkFailure, PoisonEventError } from './errors';

describe('isNetworkFailure', () => {
  const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code, syscall: 'connect' });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE'])('recognises %s', (code) => {
    expect(isNetworkFailure(socketError(code))).toBe(true);
  });

  it('looks through the cause chain and aggregate errors', () => {
    expect(
      isNetworkFailure(new Error('send failed', { cause: new Error('x', { cause: socketError('ECONNRESET') }) })),
    ).toBe(true);
    expect(isNetworkFailure(new AggregateError([new Error('a'), socketError('ECONNREFUSED')]))).toBe(true);
  });

  it('recognises an explicit DependencyUnavailableError', () => {
    expect(isNetworkFailure(new DependencyUnavailableError('registry down'))).toBe(true);
  });

  it('leaves every other failure to the failure policy', () => {
    expect(isNetworkFailure(new Error('deadlock detected'))).toBe(false);
    expect(isNetworkFailure(new PoisonEventError('bad data'))).toBe(false);
    expect(isNetworkFailure(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isNetworkFailure('ECONNREFUSED')).toBe(false);
  });
});
