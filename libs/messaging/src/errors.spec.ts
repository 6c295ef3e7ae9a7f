import {
  DependencyUnavailableError,
  isNetworkFailure,
  isProgrammingError,
  isRetriable,
  MessagingError,
  PoisonEventError,
} from './errors';

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

/** What the runtime throws for a name bound nowhere. */
function thrownReference(): never {
  throw new ReferenceError('notDefinedAnywhere is not defined');
}

describe('isRetriable', () => {
  const socketError = (code: string) => Object.assign(new Error(`connect ${code}`), { code, syscall: 'connect' });
  /** What Node's fetch throws when the host cannot be reached. */
  const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

  const thrownBy = (fault: () => unknown): unknown => {
    try {
      fault();
    } catch (error) {
      return error;
    }
    throw new Error('the fault did not throw');
  };

  it.each([
    ['TypeError', () => (null as unknown as { x: number }).x],
    ['RangeError', () => new Array<number>(-1)],
    ['ReferenceError', thrownReference],
    ['SyntaxError', () => JSON.parse('{') as unknown],
  ])('never retries a %s: a programming error cannot succeed on a retry', (name, fault) => {
    const error = thrownBy(fault);
    expect(error).toHaveProperty('name', name);
    expect(isProgrammingError(error)).toBe(true);
    expect(isRetriable(error)).toBe(false);
  });

  it("waits out fetch's TypeError for an unreachable host: the outage check wins", () => {
    const unreachable = fetchFailed(socketError('ECONNREFUSED'));
    expect(isNetworkFailure(unreachable)).toBe(true);
    expect(isProgrammingError(unreachable)).toBe(false);
    expect(isRetriable(unreachable)).toBe(true);
  });

  it('retries a TypeError that wraps another failure, as before', () => {
    const timedOut = fetchFailed(
      Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
    );
    expect(isProgrammingError(timedOut)).toBe(false);
    expect(isRetriable(timedOut)).toBe(true);
  });

  it('retries any other error, and lets a MessagingError say for itself', () => {
    expect(isRetriable(new Error('deadlock detected'))).toBe(true);
    expect(isRetriable('a string')).toBe(true);
    expect(isRetriable(new PoisonEventError('bad data'))).toBe(false);
    expect(isRetriable(new DependencyUnavailableError('registry down'))).toBe(true);
    expect(isRetriable(new MessagingError('flaky', true))).toBe(true);
  });
});
