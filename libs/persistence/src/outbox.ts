import type { EventsByTopic, Topic } from '@surge/contracts';
import type { SqlClient } from './sql-client';

/** The outbox row's header that keeps the event's trace context (the W3C header name). */
export const TRACEPARENT = 'traceparent';

/** An event to publish: its topic decides the schema; `event.orderId` is the key. */
export interface OutboxEntry<T extends Topic = Topic> {
  readonly topic: T;
  readonly event: EventsByTopic[T];
  /** W3C traceparent of the span that caused the event; kept in the row's headers for the relay. */
  readonly traceParent?: string;
}

/**
 * Writes events to the outbox inside the caller's transaction: they are
 * published if and only if the state change they describe commits.
 */
export async function appendToOutbox(tx: SqlClient, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO outbox_events (event_id, topic, key, payload, headers)
     SELECT e.event_id, e.topic, e.key, e.payload, e.headers
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[]) AS e(event_id, topic, key, payload, headers)`,
    entries.map((entry) => entry.event.eventId),
    entries.map((entry) => entry.topic),
    entries.map((entry) => entry.event.orderId),
    entries.map((entry) => JSON.stringify(entry.event)),
    entries.map((entry) => JSON.stringify(entry.traceParent ? { [TRACEPARENT]: entry.traceParent } : {})),
  );
}
