import { claimFirstDeliveries, type InboxDelivery } from './inbox';
import { appendToOutbox, type OutboxEntry } from './outbox';
import type { SqlClient, TransactionalClient, TransactionOptions } from './sql-client';
import { activeTraceParent } from './trace-context';

/** What a unit of work may do besides changing state: append events to publish. */
export interface Outbox {
  add(...entries: OutboxEntry[]): void;
}

export interface RelayWaker {
  wake(): void;
}

/**
 * The only way a service changes state: one database transaction holding the
 * state change, the outbox rows it publishes and, for consumed events, the
 * inbox marks. Outbox rows are written in one statement at the end of the
 * unit of work.
 */
export class TransactionRunner<Tx extends SqlClient> {
  constructor(
    private readonly db: TransactionalClient<Tx>,
    private readonly relay?: RelayWaker,
    private readonly options: TransactionOptions = { maxWait: 10_000, timeout: 30_000 },
  ) {}

  /**
   * An entry without a traceParent of its own continues the trace active when
   * it is added (the HTTP request's or the consumed event's span).
   */
  async run<R>(work: (tx: Tx, outbox: Outbox) => Promise<R>): Promise<R> {
    let published = 0;
    const result = await this.db.$transaction(async (tx) => {
      const entries: OutboxEntry[] = [];
      const add = (...more: OutboxEntry[]) => {
        const traceParent = activeTraceParent();
        for (const entry of more) entries.push(entry.traceParent || !traceParent ? entry : { ...entry, traceParent });
      };
      const value = await work(tx, { add });
      await appendToOutbox(tx, entries);
      published = entries.length;
      return value;
    }, this.options);
    if (published > 0) this.relay?.wake();
    return result;
  }

  /**
   * Handles a batch of consumed events once: deliveries already recorded in
   * the inbox (redeliveries) are dropped before `work` sees the batch, and the
   * new ones are recorded in the same transaction as their effect. An event
   * written about an order continues the trace of the delivery about the same
   * order, so that each order stays one trace however events are batched.
   */
  async consume<D extends InboxDelivery>(
    batch: readonly D[],
    work: (tx: Tx, fresh: D[], outbox: Outbox) => Promise<void>,
  ): Promise<void> {
    await this.run(async (tx, outbox) => {
      const fresh = await claimFirstDeliveries(tx, batch);
      if (fresh.length === 0) return;
      const traces = new Map<string, string>();
      for (const { event, traceParent } of fresh)
        if (event.orderId && traceParent) traces.set(event.orderId, traceParent);
      const traced: Outbox = {
        add: (...more) =>
          outbox.add(
            ...more.map((entry) => {
              const traceParent = entry.traceParent ?? traces.get(entry.event.orderId);
              return traceParent ? { ...entry, traceParent } : entry;
            }),
          ),
      };
      await work(tx, fresh, traces.size > 0 ? traced : outbox);
    });
  }
}
