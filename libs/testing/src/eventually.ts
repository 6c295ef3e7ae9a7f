export interface EventuallyOptions {
  /** Give up after this long, in ms. */
  readonly timeoutMs?: number;
  /** Pause between checks, in ms. */
  readonly intervalMs?: number;
  /** Says what was awaited, in the failure message. */
  readonly description?: string;
}

/**
 * Re-runs `check` until it returns without throwing, or fails with the last
 * error once the deadline passes. Use it instead of sleeping before an
 * assertion.
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`${description} not met within ${timeoutMs} ms: ${reason}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
