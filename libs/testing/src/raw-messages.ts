import { type IHeaders, Kafka, logLevel } from 'kafkajs';
import { testInfra } from './infra-env';
import { unique } from './unique';

/** Header names and values as strings (the first value of a repeated header), as libs/messaging reads them. */
type HeaderMap = Record<string, string>;

/** The envelope's event id travels in this header (libs/messaging's HEADER.eventId). */
const EVENT_ID_HEADER = 'event-id';

/** Sends bytes to a topic as any Kafka client could: for tests of what services do with malformed messages. */
export async function produceRaw(topic: string, key: string, value: Buffer | string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'surge-test-raw',
    brokers: testInfra.kafkaBrokers(),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 300, retries: 8 },
  });
  const producer = kafka.producer();
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
    withEventId: (eventId) => all.filter((message) => message.headers[EVENT_ID_HEADER] === eventId),
    close: () => consumer.disconnect(),
  };
}

function readHeaders(headers: IHeaders | undefined): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
