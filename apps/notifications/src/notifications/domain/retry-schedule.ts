export interface RetrySchedule {
  /** Delivery rounds in all, the first one included. */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Delay after failed round `attempt` (1 = the first round) before the next
 * one, in milliseconds: initial * 2^(attempt-1), capped at the maximum.
 * Null when that round was the last: the notification is FAILED.
 */
export function retryDelay(schedule: RetrySchedule, attempt: number): number | null {
  if (attempt >= schedule.maxAttempts) return null;
  return Math.min(schedule.maxDelayMs, schedule.initialDelayMs * 2 ** (attempt - 1));
}
