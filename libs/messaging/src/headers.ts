import type { IHeaders } from 'kafkajs';

/**
 * Envelope metadata travels in Kafka headers as well as in the Avro payload,
 * so that tools (and the dead-letter path) can read it without decoding.
 */
export const HEADER = {
  eventId: 'event-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  occurredAt: 'occurred-at',
  producer: 'producer',
} as const;

/** Dead-letter headers: where the message came from and why it was parked. */
export const DEAD_LETTER_HEADER = {
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  group: 'dlq-group',
  error: 'dlq-error',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

/** On a replayed message: the ref of the dead letter it was replayed from (kept if it is parked again). */
export const REPLAYED_FROM_HEADER = 'dlq-replayed-from';

/**
 * Retry headers, on messages in a group's retry topics: where the message
 * first came from, how often it failed so far, its first error and when it
 * is due for the next try (ISO 8601).
 */
export const RETRY_HEADER = {
  topic: 'retry-original-topic',
  partition: 'retry-original-partition',
  offset: 'retry-original-offset',
  attempts: 'retry-attempts',
  firstError: 'retry-first-error',
  dueAt: 'retry-due-at',
} as const;

export type HeaderMap = Record<string, string>;

export function readHeaders(headers: IHeaders | undefined): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

export const DEAD_LETTER_SUFFIX = '.dead-letter';

export function deadLetterTopic(group: string): string {
  return `${group}${DEAD_LETTER_SUFFIX}`;
}

/** A group's retry tier `tier` (1-based): the topic, and the consumer group that reads it. */
export function retryTopic(group: string, tier: number): string {
  return `${group}.retry-${tier}`;
}
