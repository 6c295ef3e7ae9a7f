import { ORDER_PLACED_V1, type OrderPlacedV1 } from '@surge/contracts';
import { anOrderPlaced, collectRaw, eventually, testInfra, unique } from '@surge/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { AvroCodec } from '../avro-codec';
import type { Delivered } from '../types';
import { GroupConsumer } from './group-consumer';
import { readDeadLetters } from '../operations/dead-letters';
import { retryThenDeadLetter } from './failure-policy';
import { deadLetterTopic, RETRY_HEADER, retryTopic } from '../headers';
import { type MessagingMetrics, NO_MESSAGING_METRICS } from '../metrics';
import { EventPublisher } from '../producing/publisher';
import { orderPlacedSubscription, quiet } from './order-placed.fixture-spec';

/** Two attempts in process, then a tier after 1 s and a tier after 2 s. */
const policy = retryThenDeadLetter({ attempts: 2, initialDelayMs: 10, maxDelayMs: 10, retryTopics: [1_000, 2_000] });

describe('retry topics on a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let codec: AvroCodec;
  let publisher: EventPublisher;
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'retry-topics-it', brokers: testInfra.kafkaBrokers(), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    codec = AvroCodec.connect(testInfra.registryUrl());
    publisher = new EventPublisher(kafka, codec, 'test');
    await publisher.connect();
  });

  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await publisher.disconnect();
    await admin.disconnect();
  });

  /** A topic and group of their own, the group's consumer and one per tier, and what lands on retry-1. */
  async function given(handle: (delivered: Delivered<OrderPlacedV1>) => Promise<void>) {
    const topic = unique('it.order-placed');
    const group = unique('it-retry');
    await admin.createTopics({
      topics: [topic, deadLetterTopic(group), retryTopic(group, 1), retryTopic(group, 2)].map((name) => ({
        topic: name,
        numPartitions: 1,
      })),
      waitForLeaders: true,
    });
    const subscriptions = orderPlacedSubscription(topic, group, policy, async (batch) => {
      for (const delivered of batch) await handle(delivered);
    });
    const moved: { retried: string[]; deadLettered: string[] } = { retried: [], deadLettered: [] };
    const metrics: MessagingMetrics = {
      ...NO_MESSAGING_METRICS,
      retried: (labels) => moved.retried.push(`${labels.group} ${labels.topic} tier ${labels.tier}`),
      deadLettered: (labels) => moved.deadLettered.push(`${labels.group} ${labels.topic}`),
    };
    for (const retryTier of [undefined, 1, 2]) {
      const consumer = new GroupConsumer(kafka, codec, publisher, group, subscriptions, quiet, { retryTier, metrics });
      running.push(consumer);
      await consumer.start();
    }

    const retried = await collectRaw(retryTopic(group, 1));
    running.push({ stop: () => retried.close() });
    const firstRetries = retried.all;

    const send = async (...events: OrderPlacedV1[]) => {
      const messages = await Promise.all(
        events.map(async (event) => ({ key: 'one-key', value: await codec.encode(ORDER_PLACED_V1, event) })),
      );
      await publisher.sendRaw([{ topic, messages }]);
    };
    return { topic, group, send, firstRetries, moved };
  }

  it('retries a failing event through the tiers while the events after it go on', async () => {
    const [flaky, next] = [anOrderPlaced(), anOrderPlaced()];
    const attemptsAt: number[] = [];
    const handled: Delivered<OrderPlacedV1>[] = [];
    const { topic, group, send, firstRetries, moved } = await given(async (delivered) => {
      if (delivered.event.orderId === flaky.orderId) {
        attemptsAt.push(Date.now());
        // Two attempts in process and the one in the first tier fail; the second tier's passes.
        if (attemptsAt.length <= 3) throw new Error('deadlock detected');
      }
      handled.push(delivered);
    });

    await send(flaky);
    await eventually(() => expect(attemptsAt.length).toBeGreaterThan(0), { description: 'the first attempt' });
    await send(next);

    await eventually(() => expect(handled.map((d) => d.event.orderId)).toEqual([next.orderId, flaky.orderId]), {
      timeoutMs: 30_000,
      description: 'the next event first, the failing one through the tiers',
    });
    expect(attemptsAt).toHaveLength(4);
    expect(attemptsAt[2] - attemptsAt[1]).toBeGreaterThanOrEqual(1_000);
    expect(attemptsAt[3] - attemptsAt[2]).toBeGreaterThanOrEqual(2_000);
    // The inbox deduplicates on the group and the original coordinates, whichever tier delivers.
    expect(handled[1]).toMatchObject({ group, topic: ORDER_PLACED_V1, partition: 0, offset: '0' });
    expect(firstRetries).toHaveLength(1);
    expect(firstRetries[0].headers).toMatchObject({
      [RETRY_HEADER.topic]: topic,
      [RETRY_HEADER.partition]: '0',
      [RETRY_HEADER.offset]: '0',
      [RETRY_HEADER.attempts]: '2',
      [RETRY_HEADER.firstError]: 'Error: deadlock detected',
    });
    expect(Date.parse(firstRetries[0].headers[RETRY_HEADER.dueAt])).toBeGreaterThan(attemptsAt[1]);
    expect(await readDeadLetters(kafka, { groups: [group] })).toEqual([]);
    expect(moved).toEqual({ retried: [`${group} ${topic} tier 1`, `${group} ${topic} tier 2`], deadLettered: [] });
  });

  it('dead-letters an event that fails in every tier, counting every attempt', async () => {
    const doomed = anOrderPlaced();
    let calls = 0;
    const { topic, group, send, moved } = await given(async () => {
      calls++;
      throw new Error(`still failing (${calls})`);
    });

    await send(doomed);

    const [letter] = await eventually(
      async () => {
        const letters = await readDeadLetters(kafka, { groups: [group] });
        expect(letters).toHaveLength(1);
        return letters;
      },
      { timeoutMs: 30_000, description: 'the dead letter' },
    );
    expect(letter).toMatchObject({
      group,
      original: { topic, partition: 0, offset: '0' },
      attempts: 4,
      error: 'Error: still failing (4)',
    });
    expect(Object.keys(letter.headers).filter((name) => name.startsWith('retry-'))).toEqual([]);
    expect(await codec.decode(ORDER_PLACED_V1, letter.value)).toEqual(doomed);
    expect(calls).toBe(4);
    // Counted once the dead letter is written, which the reader may see a moment before.
    await eventually(() =>
      expect(moved).toEqual({
        retried: [`${group} ${topic} tier 1`, `${group} ${topic} tier 2`],
        deadLettered: [`${group} ${topic}`],
      }),
    );
  });

  it('dead-letters a programming error after one attempt, past the retry topics', async () => {
    const buggy = anOrderPlaced();
    let calls = 0;
    const { topic, group, send, firstRetries, moved } = await given(async (delivered) => {
      calls++;
      // A bug in the handler: no retry can make it pass.
      void (delivered.event.lines[99] as unknown as { sku: string }).sku;
    });

    await send(buggy);

    const [letter] = await eventually(
      async () => {
        const letters = await readDeadLetters(kafka, { groups: [group] });
        expect(letters).toHaveLength(1);
        return letters;
      },
      { timeoutMs: 30_000, description: 'the dead letter' },
    );
    expect(letter).toMatchObject({ group, original: { topic, partition: 0, offset: '0' }, attempts: 1 });
    expect(letter.error).toMatch(/^TypeError: /);
    expect(calls).toBe(1);
    expect(firstRetries).toEqual([]);
    await eventually(() => expect(moved).toEqual({ retried: [], deadLettered: [`${group} ${topic}`] }));
  });
});
