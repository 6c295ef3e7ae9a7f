// Fixtures shared by this library's integration specs. The name ends in -spec.ts, so the build leaves it out,
// and in .fixture-spec.ts, so Jest never runs it as a test. They cannot live in @surge/testing: every library's
// specs use that one, and it must not depend on this library.
import { ORDER_PLACED_V1, type OrderPlacedV1 } from '@surge/contracts';
import type { Kafka } from 'kafkajs';
import type { AvroCodec } from '../avro-codec';
import type { EventPublisher } from '../producing/publisher';
import type { ConsumerLogger, Delivered, Subscription } from '../types';
import type { FailurePolicy } from './failure-policy';

export const quiet: ConsumerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** One group reading OrderPlaced from one topic, keyed by topic as GroupConsumer takes its subscriptions. */
export function orderPlacedSubscription(
  topic: string,
  group: string,
  policy: FailurePolicy,
  handle: (batch: Delivered<OrderPlacedV1>[]) => Promise<void>,
): Map<string, Subscription> {
  const subscription: Subscription = {
    topic,
    contract: ORDER_PLACED_V1,
    group,
    policy,
    handle: (batch) => handle(batch as Delivered<OrderPlacedV1>[]),
  };
  return new Map([[topic, subscription]]);
}

/** Topics of one partition each, once their leaders are elected. */
export async function createTopics(kafka: Kafka, ...topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Sends OrderPlaced events to a topic (a test topic carries the contract under another name), keyed by order. */
export async function sendOrderPlaced(
  publisher: EventPublisher,
  codec: AvroCodec,
  topic: string,
  ...events: OrderPlacedV1[]
): Promise<void> {
  const messages = await Promise.all(
    events.map(async (event) => ({ key: event.orderId, value: await codec.encode(ORDER_PLACED_V1, event) })),
  );
  await publisher.sendRaw([{ topic, messages }]);
}
