/**
 * What a subscription does when its handler fails: retry with exponential
 * backoff and full jitter, then park the event on the group's dead-letter topic.
 */
export interface FailurePolicy {
  /** Total attempts, the first one included. */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export function retryThenDeadLetter(options: Partial<FailurePolicy> = {}): FailurePolicy {
  const policy: FailurePolicy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 5_000, ...options };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`attempts must be a positive integer, got ${policy.attempts}`);
  }
  if (policy.initialDelayMs < 0 || policy.maxDelayMs < policy.initialDelayMs) {
    throw new RangeError('delays must satisfy 0 <= initialDelayMs <= maxDelayMs');
  }
  return policy;
}

/**
 * Delay before retry number `retry` (1 = the first retry), in milliseconds:
 * uniformly random in [0, min(max, initial * 2^(retry-1))] ("full jitter"), so
 * that consumers failing together do not retry in lockstep.
 */
export function backoffDelay(policy: FailurePolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling * random());
}
