import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

/**
 * Reads every message of the topics from their beginning to their end at the
 * time of the call, in a throw-away consumer group that commits nothing (a
 * reader's offsets are never the point): for tools and checks that look at a
 * topic as a record, such as the dead letters.
 */
export async function readToEnd(
  kafka: Kafka,
  topics: readonly string[],
  onMessage: (topic: string, partition: number, message: KafkaMessage) => void,
  readerPrefix = 'surge-reader',
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
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const address = `${topic}:${partition}`;
        const end = ends.get(address) ?? 0n;
        if (BigInt(message.offset) < end) onMessage(topic, partition, message);
        if (BigInt(message.offset) + 1n >= end) pending.delete(address);
        if (pending.size === 0) done();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect();
  }
}
