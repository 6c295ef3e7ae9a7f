import { createKafka } from '@surge/messaging';
import { testInfra } from './infra-env';

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
