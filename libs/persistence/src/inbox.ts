import type { SqlClient } from './sql-client';

/** What the inbox needs of a delivered event (messaging's Delivered fits). */
export interface InboxDelivery {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly event: { readonly eventId: string; readonly orderId?: string };
  /** The trace context of the span handling the delivery (messaging's Delivered carries it). */
  readonly traceParent?: string;
}

/**
 * Records the deliveries as processed by their group, inside the caller's
 * transaction, and returns those seen for the first time — in delivery order,
 * each event id once. A redelivered event (same group, same event id) is not
 * returned, so its effect is applied exactly once.
 */
export async function claimFirstDeliveries<D extends InboxDelivery>(
  tx: SqlClient,
  deliveries: readonly D[],
): Promise<D[]> {
  if (deliveries.length === 0) return [];
  const claimed = await tx.$queryRawUnsafe<{ consumer_group: string; event_id: string }[]>(
    `INSERT INTO inbox_events (consumer_group, event_id, topic, partition, "offset")
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[])
     ON CONFLICT (consumer_group, event_id) DO NOTHING
     RETURNING consumer_group, event_id`,
    deliveries.map((d) => d.group),
    deliveries.map((d) => d.event.eventId),
    deliveries.map((d) => d.topic),
    deliveries.map((d) => d.partition),
    deliveries.map((d) => d.offset),
  );
  const fresh = new Set(claimed.map((row) => `${row.consumer_group}\u0000${row.event_id}`));
  return deliveries.filter((d) => fresh.delete(`${d.group}\u0000${d.event.eventId}`));
}
