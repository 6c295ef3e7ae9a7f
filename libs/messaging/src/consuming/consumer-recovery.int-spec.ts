import type { OrderPlacedV1 } from '@surge/contracts';
import { anOrderPlaced, eventually, startSpareKafka, testInfra, unique } from '@surge/testing';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec } from '../avro-codec';
import { GroupConsumer } from './group-consumer';
import { retryThenDeadLetter } from './failure-policy';
import { deadLetterTopic } from '../headers';
import { EventPublisher } from '../producing/publisher';
import { createTopics, orderPlacedSubscription, quiet, sendOrderPlaced } from './order-placed.fixture-spec';

/** A broker of the test's own, stopped and started again under a running consumer. */
describe('a GroupConsumer across a broker restart', () => {
  let broker: Awaited<ReturnType<typeof startSpareKafka>>;
  let publisher: EventPublisher;
  let consumer: GroupConsumer;

  afterAll(async () => {
    await consumer?.stop();
    await publisher?.disconnect();
    await broker?.stop();
  });

  it('goes red while the broker is away, comes back on its own, and loses no event', async () => {
    broker = await startSpareKafka();
    const kafka = new Kafka({ clientId: 'recovery-it', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const topic = unique('it.order-placed');
    const group = unique('it-recovery');
    await createTopics(kafka, topic, deadLetterTopic(group));
    const codec = AvroCodec.connect(testInfra.registryUrl());
    publisher = new EventPublisher(kafka, codec, 'test');
    const handled: string[] = [];
    consumer = new GroupConsumer(
      kafka,
      codec,
      publisher,
      group,
      orderPlacedSubscription(topic, group, retryThenDeadLetter(), async (batch) => {
        handled.push(...batch.map((d) => d.event.orderId));
      }),
      quiet,
      { restartBackoff: { initialDelayMs: 200, maxDelayMs: 2_000 } },
    );
    const send = (event: OrderPlacedV1) => sendOrderPlaced(publisher, codec, topic, event);
    const [before, lastBeforeStop, after] = [anOrderPlaced(), anOrderPlaced(), anOrderPlaced()];

    expect(consumer.status.up).toBe(false);
    await consumer.start();
    await eventually(() => expect(consumer.status).toEqual({ up: true }), { description: 'joined the group' });
    await send(before);
    await eventually(() => expect(handled).toContain(before.orderId), { description: 'the first event handled' });

    await send(lastBeforeStop);
    await broker.stop();
    const down = await eventually(
      () => {
        expect(consumer.status.up).toBe(false);
        return consumer.status;
      },
      { timeoutMs: 90_000, description: 'red while the broker is away' },
    );
    expect(down.detail).toMatch(/crashed, restarting|joining the group/);

    await broker.start();
    await eventually(() => expect(consumer.status).toEqual({ up: true }), {
      timeoutMs: 120_000,
      description: 'green once the broker is back',
    });
    await send(after);

    await eventually(() => expect(handled).toContain(after.orderId), {
      timeoutMs: 60_000,
      description: 'the event published after recovery handled',
    });
    expect(new Set(handled)).toEqual(new Set([before.orderId, lastBeforeStop.orderId, after.orderId]));
  }, 300_000);
});

/** Services start together on a fresh broker: a topic may not be visible yet when a consumer subscribes to it. */
describe('a GroupConsumer started before its topic exists', () => {
  let consumer: GroupConsumer | undefined;

  afterAll(async () => {
    await consumer?.stop();
  });

  it('starts anyway, not ready, and joins and consumes once the topic appears', async () => {
    const kafka = new Kafka({
      clientId: 'late-topic-it',
      brokers: testInfra.kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const topic = unique('it.late-topic');
    const group = unique('it-late-topic');
    const codec = AvroCodec.connect(testInfra.registryUrl());
    const publisher = new EventPublisher(kafka, codec, 'test');
    const handled: string[] = [];
    consumer = new GroupConsumer(
      kafka,
      codec,
      publisher,
      group,
      orderPlacedSubscription(topic, group, retryThenDeadLetter(), async (batch) => {
        handled.push(...batch.map((d) => d.event.orderId));
      }),
      quiet,
      { restartBackoff: { initialDelayMs: 200, maxDelayMs: 1_000 } },
    );

    await consumer.start();
    expect(consumer.status.up).toBe(false);

    await createTopics(kafka, topic, deadLetterTopic(group));
    await eventually(() => expect(consumer?.status).toEqual({ up: true }), {
      timeoutMs: 60_000,
      description: 'joined once the topic exists',
    });
    const event = anOrderPlaced();
    await sendOrderPlaced(publisher, codec, topic, event);
    await eventually(() => expect(handled).toContain(event.orderId), { timeoutMs: 30_000, description: 'consumed' });
    await publisher.disconnect();
  }, 120_000);
});
