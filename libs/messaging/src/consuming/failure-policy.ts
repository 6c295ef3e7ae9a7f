/** Exponential backoff: the delay ceiling doubles from `initialDelayMs` up to `maxDelayMs`. */
export interface Backoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * What a subscription does when its handler fails: retry with exponential
 * backoff and full jitter, then park the event on the group's dead-letter topic.
 * Failures of a dependency (the database down) are not the event's: they are
 * waited out and never count as attempts (see GroupConsumer).
 */
export interface FailurePolicy extends Backoff {
  /** Attempts in process, the first one included. */
  readonly attempts: number;
  /**
   * Delays of the group's retry tiers, in ms, one per tier: when the
   * attempts in process are spent on a retriable failure, the event moves to
   * `<group>.retry-1`, is tried again once its delay has passed, then moves
   * on to `<group>.retry-2`, and so on; after the last tier it is
   * dead-lettered. The partition it came from goes on meanwhile. Empty: no
   * tiers, dead-lettered right after the attempts in process. Every
   * subscription of a group that uses tiers names the same ones.
   */
  readonly retryTopics: readonly number[];
}

export function retryThenDeadLetter(options: Partial<FailurePolicy> = {}): FailurePolicy {
  const policy: FailurePolicy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 5_000, retryTopics: [], ...options };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`attempts must be a positive integer, got ${policy.attempts}`);
  }
  if (policy.initialDelayMs < 0 || policy.maxDelayMs < policy.initialDelayMs) {
    throw new RangeError('delays must satisfy 0 <= initialDelayMs <= maxDelayMs');
  }
  if (!policy.retryTopics.every((delay) => Number.isInteger(delay) && delay >= 0)) {
    throw new RangeError(`retryTopics must be delays in whole ms >= 0, got [${policy.retryTopics.join(', ')}]`);
  }
  return { ...policy, retryTopics: [...policy.retryTopics] };
}

/**
 * Delay before retry number `retry` (1 = the first retry), in milliseconds:
 * uniformly random in [0, min(max, initial * 2^(retry-1))] ("full jitter"), so
 * that consumers failing together do not retry in lockstep.
 */
export function backoffDelay(policy: Backoff, retry: number, random: () => number = Math.random): number {
  // Bounded exponent: in a long outage 2^n would reach Infinity, and 0 * Infinity is NaN.
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(retry - 1, 30));
  return Math.round(ceiling * random());
}
