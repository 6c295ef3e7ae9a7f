import type { Kafka, KafkaMessage } from 'kafkajs';
import { DEAD_LETTER_HEADER, DEAD_LETTER_SUFFIX, readHeaders } from '../headers';
import type { DeadLetter } from '../types';
import { readToEnd } from './read-to-end';

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
