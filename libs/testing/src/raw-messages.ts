import { HEADER, type HeaderMap, createKafka, readHeaders } from '@surge/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { testInfra } from './infra-env';
import { unique } from './unique';

/** Sends bytes to a topic as any Kafka client could: for tests of what services do with malformed messages. */
export async function produceRaw(topic: string, key: string, value: Buffer | string): Promise<void> {
  const producer = createKafka('surge-test-raw', testInfra.kafkaBrokers()).producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key, value }] });
  } finally {
    await producer.disconnect();
  }
}

/** A message as it is on the topic, not decoded: a dead letter or a retry keeps the original bytes. */
export interface RawMessage {
  readonly key: string | undefined;
  readonly value: Buffer | null;
  readonly headers: HeaderMap;
}

/** Every message on one topic since it began, in arrival order: a dead-letter or retry topic, say. */
export interface RawMessages {
  readonly all: readonly RawMessage[];
  /** The messages that carry this event id (a dead letter keeps the original message's headers). */
  withEventId(eventId: string): RawMessage[];
  close(): Promise<void>;
}

/** Reads a topic with a consumer group of its own; the run's shared broker unless `brokers` are given. */
export async function collectRaw(topic: string, brokers: string[] = testInfra.kafkaBrokers()): Promise<RawMessages> {
  const all: RawMessage[] = [];
  const kafka = new Kafka({ clientId: unique('raw-reader'), brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: unique('raw-reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      all.push({ key: message.key?.toString(), value: message.value, headers: readHeaders(message.headers) });
    },
  });
  return {
    all,
    withEventId: (eventId) => all.filter((message) => message.headers[HEADER.eventId] === eventId),
    close: () => consumer.disconnect(),
  };
}
