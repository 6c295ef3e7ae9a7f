import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka } from './kafka';
import { repoRoot, silentLogger } from './paths';
import { findFreePort, isPortFree } from './preflight';

describe('a Kafka broker of its own', () => {
  it('keeps its messages across a restart and frees its ports when stopped', async () => {
    // .surge/test exists only when this run started its own stack.
    const testDir = path.join(repoRoot(), '.surge', 'test');
    mkdirSync(testDir, { recursive: true });
    const dataDir = mkdtempSync(path.join(testDir, 'kafka-'));
    const [port, controllerPort] = [await findFreePort(), await findFreePort()];
    const broker = await startKafka({ dataDir, port, controllerPort, log: silentLogger });
    const kafka = new Kafka({ clientId: 'stack-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    try {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'probe', numPartitions: 3 }], waitForLeaders: true });
      await admin.disconnect();
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'probe', messages: [{ key: 'k', value: 'survives a restart' }] });
      await producer.disconnect();

      await broker.restart();

      const consumer = kafka.consumer({ groupId: 'stack-test' });
      await consumer.connect();
      await consumer.subscribe({ topic: 'probe', fromBeginning: true });
      const value = await new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(message.value?.toString() ?? '') });
      });
      await consumer.disconnect();
      expect(value).toBe('survives a restart');
      const check = kafka.admin();
      await check.connect();
      expect((await check.describeCluster()).brokers).toEqual([{ nodeId: 1, host: '127.0.0.1', port }]);
      await check.disconnect();
    } finally {
      await broker.stop();
    }
    expect(await isPortFree(port)).toBe(true);
    expect(await isPortFree(controllerPort)).toBe(true);
  }, 180_000);
});
