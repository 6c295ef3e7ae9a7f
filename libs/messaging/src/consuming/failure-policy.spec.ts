import { backoffDelay, retryThenDeadLetter } from './failure-policy';

describe('retryThenDeadLetter', () => {
  it('defaults to five attempts with a 100 ms first delay capped at 5 s', () => {
    expect(retryThenDeadLetter()).toEqual({ attempts: 5, initialDelayMs: 100, maxDelayMs: 5_000, retryTopics: [] });
  });

  it('refuses a policy that could never attempt or whose delays are inverted', () => {
    expect(() => retryThenDeadLetter({ attempts: 0 })).toThrow(/attempts/);
    expect(() => retryThenDeadLetter({ attempts: 1.5 })).toThrow(/attempts/);
    expect(() => retryThenDeadLetter({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(/delays/);
    expect(() => retryThenDeadLetter({ retryTopics: [5_000, -1] })).toThrow(/retryTopics/);
    expect(() => retryThenDeadLetter({ retryTopics: [0.5] })).toThrow(/retryTopics/);
  });
});

describe('backoffDelay', () => {
  const policy = retryThenDeadLetter({ initialDelayMs: 100, maxDelayMs: 1_000 });

  it('doubles the ceiling with every retry', () => {
    const atCeiling = () => 1;
    expect([1, 2, 3, 4].map((retry) => backoffDelay(policy, retry, atCeiling))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum delay', () => {
    expect(backoffDelay(policy, 30, () => 1)).toBe(1_000);
  });

  it('stays a number however long an outage lasts', () => {
    expect(backoffDelay({ initialDelayMs: 0, maxDelayMs: 1_000 }, 5_000, () => 1)).toBe(0);
    expect(backoffDelay(policy, 5_000, () => 1)).toBe(1_000);
  });

  it('spreads retries over the whole window (full jitter)', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
  });
});
