import { type OutboxEntry, TRACEPARENT } from './outbox';
import type { TransactionalClient } from './sql-client';

export interface OutboxPublisher {
  publish(entries: readonly OutboxEntry[]): Promise<void>;
}

export interface RelayLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface OutboxRelayOptions {
  /** Rows published per transaction. */
  readonly batchSize?: number;
  /** How long an idle relay waits before looking again, in ms (a commit wakes it sooner). */
  readonly idleMs?: number;
  /** Upper bound of the back-off after a failed publish, in ms. */
  readonly maxBackoffMs?: number;
  /** Advisory lock key: one relay per database publishes at a time. */
  readonly lockKey?: number;
}

interface OutboxRow {
  id: bigint | string;
  topic: string;
  payload: unknown;
  headers: Record<string, string> | null;
}

/**
 * Publishes outbox rows in id order, then deletes them, in one transaction.
 *
 * Only the holder of the transaction-scoped advisory lock publishes, so with
 * several replicas per-key order (= per-order order) is still the commit
 * order. A crash after the send and before the delete republishes the batch:
 * delivery is at least once, and consumers' inboxes make that harmless.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly maxBackoffMs: number;
  private readonly lockKey: number;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private pendingWake = false;

  constructor(
    private readonly db: TransactionalClient,
    private readonly publisher: OutboxPublisher,
    private readonly logger: RelayLogger,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.lockKey = options.lockKey ?? 0x5e_0b_0c; // arbitrary, the same in every service
  }

  start(): void {
    this.stopping = false;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Lets the current batch finish, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
  }

  /** Called after a commit that wrote outbox rows: publish now rather than at the next poll. */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  /** Publishes one batch; returns how many rows went out (0 when idle or another relay holds the lock). */
  async publishBatch(): Promise<number> {
    return this.db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(
          'SELECT pg_try_advisory_xact_lock($1::bigint) AS locked',
          this.lockKey,
        );
        if (!lock?.locked) return 0;
        const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
          'SELECT id, topic, payload, headers FROM outbox_events ORDER BY id LIMIT $1',
          this.batchSize,
        );
        if (rows.length === 0) return 0;
        await this.publisher.publish(
          rows.map(
            (row) => ({ topic: row.topic, event: row.payload, traceParent: row.headers?.[TRACEPARENT] }) as OutboxEntry,
          ),
        );
        await tx.$executeRawUnsafe(
          'DELETE FROM outbox_events WHERE id = ANY($1::bigint[])',
          rows.map((row) => String(row.id)),
        );
        return rows.length;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  /** Rows not yet published, and how long the oldest has waited in seconds (0 when there is none). */
  async backlogStats(): Promise<{ rows: number; oldestAgeSeconds: number }> {
    const [row] = await this.db.$queryRawUnsafe<{ n: bigint | number; age: number | string | null }[]>(
      'SELECT count(*) AS n, EXTRACT(EPOCH FROM (now() - min(created_at)))::float8 AS age FROM outbox_events',
    );
    return { rows: Number(row?.n ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.pendingWake = false;
      try {
        const published = await this.publishBatch();
        failures = 0;
        if (published === this.batchSize) continue;
        await this.idle(this.idleMs);
      } catch (error) {
        failures++;
        const delay = Math.min(this.maxBackoffMs, 100 * 2 ** Math.min(failures, 10));
        this.logger.warn('outbox publish failed; will retry', { error: String(error), failures, retryInMs: delay });
        await this.idle(delay);
      }
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.pendingWake || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}
