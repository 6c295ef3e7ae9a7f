import { AsyncLocalStorage } from 'node:async_hooks';
import type { Delivered } from '../types';

/** What a log line written while handling events should say about them. */
export type EventLogContext =
  | { group: string; topic: string; orderId: string; correlationId: string; eventId: string }
  | { group: string; topic: string; batchSize: number; orderIds: string[] };

const storage = new AsyncLocalStorage<EventLogContext>();

/** The events being handled in the current async context, if any (the logger's mixin reads it). */
export function currentEventContext(): EventLogContext | undefined {
  return storage.getStore();
}

const MAX_ORDER_IDS = 20;

/** Runs a handler with its batch as log context: one event names its order and correlation ids. */
export function withEventContext<R>(
  batch: readonly Delivered<{ orderId: string; correlationId: string; eventId: string }>[],
  run: () => R,
): R {
  const first = batch[0];
  if (!first) return run();
  const context: EventLogContext =
    batch.length === 1
      ? {
          group: first.group,
          topic: first.topic,
          orderId: first.event.orderId,
          correlationId: first.event.correlationId,
          eventId: first.event.eventId,
        }
      : {
          group: first.group,
          topic: first.topic,
          batchSize: batch.length,
          orderIds: batch.slice(0, MAX_ORDER_IDS).map((d) => d.event.orderId),
        };
  return storage.run(context, run);
}
