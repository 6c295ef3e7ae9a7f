import type { Kafka, KafkaMessage } from 'kafkajs';
import { readToEnd } from './read-to-end';
import { DEAD_LETTER_HEADER, DEAD_LETTER_SUFFIX, type HeaderMap, readHeaders, REPLAYED_FROM_HEADER } from '../headers';

/** A parked message with where it came from and why it was parked. */
export interface DeadLetter {
  /** Address of the dead letter itself: `<dead-letter topic>:<partition>:<offset>`. */
  readonly ref: string;
  readonly deadLetterTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  /** The original message's headers, without the dead-letter ones. */
  readonly headers: HeaderMap;
  readonly original: { readonly topic: string; readonly partition: number; readonly offset: string };
  readonly group: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: Date;
}

export interface DeadLetterFilter {
  /** Consumer groups whose dead letters to read (their `<group>.dead-letter` topics); all when empty. */
  readonly groups?: readonly string[];
  /** Only messages that came from this topic. */
  readonly originalTopic?: string;
  readonly since?: Date;
  readonly until?: Date;
}

/**
 * Reads every dead letter matching the filter, from the start of each
 * dead-letter topic to its current end. Reading commits nothing: the topics
 * are the record of what failed, and stay as they are.
 */
export async function readDeadLetters(kafka: Kafka, filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  let topics: string[];
  try {
    const all = (await admin.listTopics()).filter((topic) => topic.endsWith(DEAD_LETTER_SUFFIX));
    const wanted = filter.groups?.length ? new Set(filter.groups.map((g) => `${g}${DEAD_LETTER_SUFFIX}`)) : undefined;
    topics = all.filter((topic) => !wanted || wanted.has(topic)).sort();
  } finally {
    await admin.disconnect();
  }
  const found: DeadLetter[] = [];
  await readToEnd(
    kafka,
    topics,
    (topic, partition, message) => {
      const letter = toDeadLetter(topic, partition, message);
      if (matches(letter, filter)) found.push(letter);
    },
    'surge-dlq-reader',
  );
  return found.sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime() || a.ref.localeCompare(b.ref));
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

function toDeadLetter(topic: string, partition: number, message: KafkaMessage): DeadLetter {
  const all = readHeaders(message.headers);
  const dead = new Set<string>(Object.values(DEAD_LETTER_HEADER));
  const headers = Object.fromEntries(Object.entries(all).filter(([name]) => !dead.has(name)));
  return {
    ref: `${topic}:${partition}:${message.offset}`,
    deadLetterTopic: topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value,
    headers,
    original: {
      topic: all[DEAD_LETTER_HEADER.topic] ?? '',
      partition: Number(all[DEAD_LETTER_HEADER.partition] ?? -1),
      offset: all[DEAD_LETTER_HEADER.offset] ?? '',
    },
    group: all[DEAD_LETTER_HEADER.group] ?? topic.slice(0, -DEAD_LETTER_SUFFIX.length),
    error: all[DEAD_LETTER_HEADER.error] ?? '',
    attempts: Number(all[DEAD_LETTER_HEADER.attempts] ?? 0),
    failedAt: new Date(all[DEAD_LETTER_HEADER.failedAt] ?? Number(message.timestamp)),
  };
}

export function matches(letter: DeadLetter, filter: DeadLetterFilter): boolean {
  if (filter.originalTopic && letter.original.topic !== filter.originalTopic) return false;
  if (filter.since && letter.failedAt < filter.since) return false;
  if (filter.until && letter.failedAt > filter.until) return false;
  return true;
}
