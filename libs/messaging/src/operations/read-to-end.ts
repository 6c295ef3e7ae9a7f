import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

/** How long a read may take before it gives up (a stalled broker must not keep a reader forever). */
const DEFAULT_READ_TIMEOUT_MS = 30_000;

/**
 * Reads every message of the topics from their beginning to their end at the
 * time of the call, in a throw-away consumer group that commits nothing (a
 * reader's offsets are never the point, and a group without offsets is gone
 * from the broker once its member leaves): for tools and checks that look at
 * a topic as a record, such as the dead letters. Rejects after `timeoutMs`.
 */
export async function readToEnd(
  kafka: Kafka,
  topics: readonly string[],
  onMessage: (topic: string, partition: number, message: KafkaMessage) => void,
  readerPrefix = 'surge-reader',
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<void> {
  const ends = new Map<string, bigint>();
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}:${partition}`, BigInt(high));
    }
  } finally {
    await admin.disconnect();
  }
  const pending = new Set([...ends].filter(([, end]) => end > 0n).map(([address]) => address));
  if (pending.size === 0) return;

  const consumer = kafka.consumer({ groupId: `${readerPrefix}-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    let done: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      done = resolve;
      timer = setTimeout(
        () => reject(new Error(`read of ${topics.join(', ')} not finished within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const address = `${topic}:${partition}`;
        const end = ends.get(address) ?? 0n;
        if (BigInt(message.offset) < end) onMessage(topic, partition, message);
        if (BigInt(message.offset) + 1n >= end) pending.delete(address);
        if (pending.size === 0) done();
      },
    });
    await finished.finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
  }
}
