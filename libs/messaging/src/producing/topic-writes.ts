/**
 * Every write of a message that is not a new event: a failed one moved to a
 * retry tier or parked on a dead-letter topic (raw bytes, key and headers
 * kept, plus where it came from and why), and a dead letter sent back to the
 * topic it came from. The headers written here are what `readDeadLetters`
 * and the retry tiers read back.
 */
import type { Kafka, KafkaMessage } from 'kafkajs';
import { DEAD_LETTER_HEADER, type HeaderMap, readHeaders, REPLAYED_FROM_HEADER, RETRY_HEADER } from '../headers';
import type { DeadLetter, Origin } from '../types';
import type { EventPublisher } from './publisher';

type RawSender = Pick<EventPublisher, 'sendRaw'>;

/** Longest error text a header carries. */
const MAX_ERROR_LENGTH = 2_000;

/** A message's headers without those of an earlier retry or dead-lettering (a replay carries them). */
export function withoutFailureHeaders(headers: HeaderMap): HeaderMap {
  const failure = new Set<string>([...Object.values(RETRY_HEADER), ...Object.values(DEAD_LETTER_HEADER)]);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !failure.has(name)));
}

/** Writes a message to a retry topic, due at `dueAt`; `attempts` so far, the first failure's text. */
export async function sendToRetryTopic(
  sender: RawSender,
  topic: string,
  message: KafkaMessage,
  origin: Origin,
  retry: { readonly attempts: number; readonly firstError: string; readonly dueAt: Date },
): Promise<void> {
  const headers: HeaderMap = {
    ...withoutFailureHeaders(readHeaders(message.headers)),
    [RETRY_HEADER.topic]: origin.topic,
    [RETRY_HEADER.partition]: String(origin.partition),
    [RETRY_HEADER.offset]: origin.offset,
    [RETRY_HEADER.attempts]: String(retry.attempts),
    [RETRY_HEADER.firstError]: retry.firstError.slice(0, MAX_ERROR_LENGTH),
    [RETRY_HEADER.dueAt]: retry.dueAt.toISOString(),
  };
  await sender.sendRaw([{ topic, messages: [{ key: message.key, value: message.value, headers }] }]);
}

/** Parks a message on a dead-letter topic with the group that gave up on it, its error and every attempt made. */
export async function sendToDeadLetterTopic(
  sender: RawSender,
  topic: string,
  message: KafkaMessage,
  origin: Origin,
  failure: { readonly group: string; readonly error: string; readonly attempts: number; readonly failedAt: Date },
): Promise<void> {
  const headers: HeaderMap = {
    ...withoutFailureHeaders(readHeaders(message.headers)),
    [DEAD_LETTER_HEADER.topic]: origin.topic,
    [DEAD_LETTER_HEADER.partition]: String(origin.partition),
    [DEAD_LETTER_HEADER.offset]: origin.offset,
    [DEAD_LETTER_HEADER.group]: failure.group,
    [DEAD_LETTER_HEADER.error]: failure.error.slice(0, MAX_ERROR_LENGTH),
    [DEAD_LETTER_HEADER.attempts]: String(failure.attempts),
    [DEAD_LETTER_HEADER.failedAt]: failure.failedAt.toISOString(),
  };
  await sender.sendRaw([{ topic, messages: [{ key: message.key, value: message.value, headers }] }]);
}

/**
 * Sends dead letters back to the topics they came from, with their key,
 * bytes and headers (plus where they were replayed from). Consumers' inboxes
 * make a replay of an event that did take effect harmless.
 */
export async function replayDeadLetters(kafka: Kafka, letters: readonly DeadLetter[]): Promise<number> {
  if (letters.length === 0) return 0;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const byTopic = new Map<string, { key: string | null; value: Buffer | null; headers: HeaderMap }[]>();
    for (const letter of letters) {
      const messages = byTopic.get(letter.original.topic) ?? [];
      messages.push({
        key: letter.key,
        value: letter.value,
        headers: { ...letter.headers, [REPLAYED_FROM_HEADER]: letter.ref },
      });
      byTopic.set(letter.original.topic, messages);
    }
    await producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      acks: -1,
    });
  } finally {
    await producer.disconnect();
  }
  return letters.length;
}
