import { randomUUID } from 'node:crypto';
import { EventsByTopic, Topic } from './generated';

/**
 * The fields every event starts with. Avro has no includes, so each .avsc repeats them;
 * ENVELOPE_FIELDS is what the contract tests hold every schema to, and the type check at
 * the bottom fails compilation if a generated event type lacks one of them.
 */
export interface EventEnvelope {
  /** Unique id of the event (UUID); consumers deduplicate on it. */
  eventId: string;
  /** Shared by every event of one saga run. */
  correlationId: string;
  /** eventId of the event that caused this one; null when a request caused it. */
  causationId: string | null;
  /** Epoch milliseconds UTC; a number, never a Date. */
  occurredAt: number;
  /** The order the event is about; also the Kafka message key. */
  orderId: string;
}

/** The Avro definition of each envelope field, in the order every schema declares them. */
export const ENVELOPE_FIELDS = [
  { name: 'eventId', type: { type: 'string', logicalType: 'uuid' } },
  { name: 'correlationId', type: 'string' },
  { name: 'causationId', type: ['null', 'string'], default: null },
  { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  { name: 'orderId', type: 'string' },
] as const satisfies readonly { name: keyof EventEnvelope; type: unknown; default?: null }[];

/** Any event that has a topic. */
export type AnyEvent = EventsByTopic[Topic];

/** The event a topic carries. */
export type EventOf<T extends Topic> = EventsByTopic[T];

// Fails to compile if any generated event lacks an envelope field or types one differently.
type AssertEnveloped<T extends EventEnvelope> = T;
type _EveryEventHasTheEnvelope = AssertEnveloped<AnyEvent>;

/**
 * Where an event comes from: the consumed event that caused it (its correlation id
 * carries on, its event id becomes the causation id), or the request that started
 * the saga (a correlation id of its own, no causation id).
 */
export type EventOrigin =
  { readonly causedBy: EventEnvelope } | { readonly startedBy: { readonly correlationId: string } };

/**
 * The one envelope factory: every event a service publishes starts with this.
 * `occurredAt` is epoch milliseconds UTC; it defaults to now.
 */
export function eventEnvelope(orderId: string, origin: EventOrigin, occurredAt: number = Date.now()): EventEnvelope {
  const [correlationId, causationId] =
    'causedBy' in origin
      ? [origin.causedBy.correlationId, origin.causedBy.eventId]
      : [origin.startedBy.correlationId, null];
  return { eventId: randomUUID(), correlationId, causationId, occurredAt, orderId };
}
