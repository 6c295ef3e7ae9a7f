import { StackError } from './errors';

export interface WaitOptions {
  timeoutMs: number;
  /** Pause between two probes; the probe itself decides readiness. */
  intervalMs?: number;
  /** Checked before every probe: an error here ends the wait at once (e.g. the process died). */
  abortWhen?: () => Error | undefined;
  /** Appended to the timeout message, e.g. where the log is. */
  hint?: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it yields a value (anything but undefined), the deadline
 * passes, or `abortWhen` reports a failure. Readiness is always observed, never
 * assumed after a fixed delay.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 250;
  let lastError: unknown;
  for (;;) {
    const aborted = options.abortWhen?.();
    if (aborted) throw aborted;
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error: unknown) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const last = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      const hint = options.hint ? `; ${options.hint}` : '';
      throw new StackError(`${what} was not ready within ${Math.round(options.timeoutMs / 1000)} s${last}${hint}`);
    }
    await pause(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
}
