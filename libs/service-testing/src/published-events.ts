import type { EventsByTopic, Topic } from '@surge/contracts';
import { AvroCodec } from '@surge/messaging';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { eventually, testInfra, unique } from '@surge/testing';

/** One event read from a topic, decoded by the topic's contract. */
export type Collected<T extends Topic = Topic> = { [K in T]: { topic: K; event: EventsByTopic[K] } }[T];

/**
 * Everything published on some topics since they began, read by a consumer
 * group of its own (so the service's groups are untouched), in arrival order.
 */
export interface PublishedEvents<T extends Topic> {
  /** Every event read so far. */
  readonly all: readonly Collected<T>[];
  /**
   * Messages on the topics that are not events of their contract (other tests put raw bytes on shared
   * topics): skipped, so that one of them does not stall the collector, and named when a wait fails.
   */
  readonly undecodable: readonly string[];
  /** The events about one order (every event is keyed by its order id), optionally on one topic only. */
  about<K extends T>(orderId: string, topic?: K): Collected<K>[];
  /** The topics of the events about one order, in the order they were read. */
  topicsAbout(orderId: string): T[];
  /** Waits for an event matching `match` and returns the first. */
  eventually(match: (collected: Collected<T>) => boolean, description: string): Promise<Collected<T>>;
  /** Waits until the event of `topic` about `orderId` was read and returns it. */
  eventuallyAbout<K extends T>(orderId: string, topic: K): Promise<EventsByTopic[K]>;
  /** Waits until everything on the topics so far was read: after this, an event not in `all` was never sent. */
  readToEnd(): Promise<void>;
  close(): Promise<void>;
}

export interface CollectOptions {
  /** The shared broker of the run unless given (a spare one). */
  readonly brokers?: string[];
  /** Deadline of every wait, in ms. */
  readonly timeoutMs?: number;
}

export async function collectPublished<T extends Topic>(
  topics: readonly T[],
  { brokers = testInfra.kafkaBrokers(), timeoutMs = 45_000 }: CollectOptions = {},
): Promise<PublishedEvents<T>> {
  const codec = AvroCodec.connect(testInfra.registryUrl());
  const kafka = new Kafka({ clientId: unique('collector'), brokers, logLevel: logLevel.NOTHING });
  const all: Collected<T>[] = [];
  const undecodable: string[] = [];
  /** Next offset to read, per topic and partition, as far as the collector got. */
  const next = new Map<string, number>();
  const consumer: Consumer = kafka.consumer({ groupId: unique('collector') });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const at = `${topic}/${partition}`;
      try {
        all.push({ topic, event: await codec.decode(topic as T, message.value) } as Collected<T>);
      } catch (error) {
        undecodable.push(`${at}@${message.offset}: ${error instanceof Error ? error.message : String(error)}`);
      }
      next.set(at, Number(message.offset) + 1);
    },
  });

  const about = <K extends T>(orderId: string, topic?: K): Collected<K>[] =>
    all.filter((c): c is Collected<K> => c.event.orderId === orderId && (topic === undefined || c.topic === topic));

  const waitFor = (match: (collected: Collected<T>) => boolean, description: string): Promise<Collected<T>> =>
    eventually(
      () => {
        const found = all.find(match);
        if (!found) {
          const skipped = undecodable.length > 0 ? ` (${undecodable.length} undecodable skipped)` : '';
          throw new Error(`none of the ${all.length} events read matches${skipped}`);
        }
        return found;
      },
      { timeoutMs, description },
    );

  return {
    all,
    undecodable,
    about,
    topicsAbout: (orderId) => about(orderId).map((c) => c.topic),
    eventually: waitFor,
    async eventuallyAbout<K extends T>(orderId: string, topic: K) {
      const found = await waitFor((c) => c.event.orderId === orderId && c.topic === topic, `${topic} for ${orderId}`);
      return found.event as EventsByTopic[K];
    },
    async readToEnd() {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const ends = await Promise.all(
          topics.map(async (topic) =>
            (await admin.fetchTopicOffsets(topic)).map((p) => ({ at: `${topic}/${p.partition}`, end: Number(p.high) })),
          ),
        );
        await eventually(() => expect(ends.flat().filter(({ at, end }) => (next.get(at) ?? 0) < end)).toEqual([]), {
          timeoutMs,
          description: 'the collector at the end of the published topics',
        });
      } finally {
        await admin.disconnect();
      }
    },
    close: () => consumer.disconnect(),
  };
}
