import { DEFAULT_RESTART_POLICY, nextStreak, restartDelay, restartPolicy } from './supervisor';

describe('restartDelay', () => {
  const policy = restartPolicy();

  it('doubles from 0.5 s with each restart of a crash streak, up to 15 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((streak) => restartDelay(policy, streak));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
  });

  it('stays at the cap however long the streak', () => {
    expect(restartDelay(policy, 10_000)).toBe(15_000);
  });

  it('takes at most the jitter fraction off a delay', () => {
    const jittery = restartPolicy({ jitter: 0.2 });
    expect(restartDelay(jittery, 2, () => 0)).toBe(1_000);
    expect(restartDelay(jittery, 2, () => 0.5)).toBe(900);
    expect(restartDelay(jittery, 2, () => 0.999)).toBe(800);
  });
});

describe('nextStreak', () => {
  const policy = restartPolicy();

  it('counts a crash soon after a start as one more restart in the streak', () => {
    expect(nextStreak(policy, 0, 10)).toBe(1);
    expect(nextStreak(policy, 3, 29_999)).toBe(4);
  });

  it('starts a new streak after a child that ran resetAfterMs', () => {
    expect(nextStreak(policy, 5, 30_000)).toBe(1);
    expect(restartDelay(policy, nextStreak(policy, 5, 60_000))).toBe(500);
  });
});

describe('restartPolicy', () => {
  it('fills in the defaults', () => {
    expect(restartPolicy({ initialDelayMs: 100 })).toEqual({ ...DEFAULT_RESTART_POLICY, initialDelayMs: 100 });
  });

  it('refuses nonsense in one line', () => {
    expect(() => restartPolicy({ maxDelayMs: -1 })).toThrow(
      'restart policy: maxDelayMs must be a number of milliseconds >= 0, got -1',
    );
    expect(() => restartPolicy({ initialDelayMs: 20_000 })).toThrow(
      'restart policy: initialDelayMs (20000) is above maxDelayMs (15000)',
    );
    expect(() => restartPolicy({ jitter: 2 })).toThrow('restart policy: jitter must be between 0 and 1, got 2');
  });
});
