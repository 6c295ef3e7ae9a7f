import { retryDelay } from './retry-schedule';

describe('the retry schedule of a notification', () => {
  const schedule = { maxAttempts: 6, initialDelayMs: 1_000, maxDelayMs: 10_000 };

  it('doubles the delay after each failed round, up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(schedule, attempt))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000,
    ]);
  });

  it('stops after the last round', () => {
    expect(retryDelay(schedule, 6)).toBeNull();
    expect(retryDelay({ ...schedule, maxAttempts: 1 }, 1)).toBeNull();
  });
});
