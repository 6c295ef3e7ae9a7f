import type { EventEnvelope, EventsByTopic, Topic } from '@surge/contracts';
import { HEADER, type HeaderMap } from '../headers';

/** An event on its way out: the topic decides its schema, the order id is its key. */
export interface OutgoingEvent<T extends Topic = Topic> {
  readonly topic: T;
  readonly event: EventsByTopic[T];
  /** W3C traceparent of the unit of work that wrote the event: its send span is that span's child. */
  readonly traceParent?: string;
}

export function envelopeHeaders(topic: Topic, envelope: EventEnvelope, producer: string): HeaderMap {
  const headers: HeaderMap = {
    [HEADER.eventId]: envelope.eventId,
    [HEADER.eventType]: topic,
    [HEADER.correlationId]: envelope.correlationId,
    [HEADER.occurredAt]: new Date(envelope.occurredAt).toISOString(),
    [HEADER.producer]: producer,
  };
  if (envelope.causationId) headers[HEADER.causationId] = envelope.causationId;
  return headers;
}
