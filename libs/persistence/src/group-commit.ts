/** One item's outcome in a batch: its value, or the error its caller gets. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export const settled = {
  ok: <T>(value: T): Settled<T> => ({ ok: true, value }),
  failed: <T>(error: unknown): Settled<T> => ({ ok: false, error }),
};

export interface GroupCommitOptions {
  /** Items written together at most. */
  readonly maxBatch?: number;
  /**
   * Whether a failed batch is written again item by item, so that one item's
   * fault (a constraint it breaks) fails only its own caller. No for failures
   * that every item would meet alike, such as the database being away.
   */
  readonly isolate?: (error: unknown) => boolean;
}

interface Waiting<In, Out> {
  readonly input: In;
  readonly resolve: (value: Out) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive while a batch is being written are written
 * together as the next batch, in one call of `write` (one transaction). Under
 * load many callers share a transaction; a caller alone waits for nobody,
 * since an idle writer starts at once. One batch is written at a time, in
 * arrival order.
 *
 * `write` returns one Settled per item, in order: an item may fail on its own
 * (a conflict) while the others commit. When `write` throws, every item fails
 * with that error, unless `isolate` says to write them again one by one.
 */
export class GroupCommit<In, Out> {
  private readonly queue: Waiting<In, Out>[] = [];
  private writing = false;
  private readonly maxBatch: number;
  private readonly isolate: (error: unknown) => boolean;

  constructor(
    private readonly write: (inputs: In[]) => Promise<Settled<Out>[]>,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 100;
    this.isolate = options.isolate ?? (() => true);
  }

  submit(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) await this.writeBatch(this.queue.splice(0, this.maxBatch));
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: readonly Waiting<In, Out>[]): Promise<void> {
    let results: Settled<Out>[];
    try {
      results = await this.write(batch.map((item) => item.input));
      if (results.length !== batch.length) {
        throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
      }
    } catch (error) {
      if (batch.length > 1 && this.isolate(error)) {
        for (const item of batch) await this.writeBatch([item]);
      } else {
        for (const item of batch) item.reject(error);
      }
      return;
    }
    results.forEach((result, index) => {
      const item = batch[index];
      if (!item) return;
      if (result.ok) item.resolve(result.value);
      else item.reject(result.error);
    });
  }
}
