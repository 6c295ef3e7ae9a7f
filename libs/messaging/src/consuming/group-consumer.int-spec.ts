import { ORDER_PLACED_V1, type OrderPlacedV1 } from '@surge/contracts';
import { anOrderPlaced, collectRaw, eventually, type RawMessages, testInfra, unique } from '@surge/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { AvroCodec } from '../avro-codec';
import type { Delivered } from '../types';
import { GroupConsumer, type GroupConsumerOptions } from './group-consumer';
import { PoisonEventError } from '../errors';
import { retryThenDeadLetter } from './failure-policy';
import { DEAD_LETTER_HEADER, deadLetterTopic } from '../headers';
import { EventPublisher } from '../producing/publisher';
import { orderPlacedSubscription, quiet } from './order-placed.fixture-spec';

describe('GroupConsumer on a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let codec: AvroCodec;
  let publisher: EventPublisher;
  const consumers: GroupConsumer[] = [];
  const collectors: RawMessages[] = [];

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'group-consumer-it', brokers: testInfra.kafkaBrokers(), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    codec = AvroCodec.connect(testInfra.registryUrl());
    publisher = new EventPublisher(kafka, codec, 'test');
    await publisher.connect();
  });

  afterAll(async () => {
    await Promise.all([...consumers.map((c) => c.stop()), ...collectors.map((c) => c.close())]);
    await publisher.disconnect();
    await admin.disconnect();
  });

  /** A topic of its own carrying OrderPlaced, a group of its own, and its dead letters collected. */
  async function given(
    handle: (batch: Delivered<OrderPlacedV1>[]) => Promise<void>,
    options: GroupConsumerOptions = {},
  ) {
    const topic = unique('it.order-placed');
    const group = unique('it-group');
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 1 },
        { topic: deadLetterTopic(group), numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    const consumer = new GroupConsumer(
      kafka,
      codec,
      publisher,
      group,
      orderPlacedSubscription(topic, group, retryThenDeadLetter({ attempts: 2, initialDelayMs: 10 }), handle),
      quiet,
      options,
    );
    consumers.push(consumer);
    await consumer.start();

    const collector = await collectRaw(deadLetterTopic(group));
    collectors.push(collector);
    const deadLetters = collector.all;

    const send = async (...values: (Buffer | string)[]) => {
      await publisher.sendRaw([{ topic, messages: values.map((value) => ({ key: 'same-key', value })) }]);
    };
    const encode = (event: OrderPlacedV1) => codec.encode(ORDER_PLACED_V1, event);
    return { topic, group, send, encode, deadLetters, consumer };
  }

  it('parks a non-Avro message on the dead-letter topic and goes on with the next one', async () => {
    const handled: string[] = [];
    const { topic, group, send, encode, deadLetters } = await given(async (batch) => {
      handled.push(...batch.map((d) => d.event.orderId));
    });
    const next = anOrderPlaced();

    await send('this is not avro', await encode(next));

    await eventually(() => expect(handled).toEqual([next.orderId]), { description: 'the next event handled' });
    await eventually(() => expect(deadLetters).toHaveLength(1), { description: 'one dead letter' });
    expect(deadLetters[0].value?.toString()).toBe('this is not avro');
    expect(deadLetters[0].headers).toMatchObject({
      [DEAD_LETTER_HEADER.topic]: topic,
      [DEAD_LETTER_HEADER.partition]: '0',
      [DEAD_LETTER_HEADER.offset]: '0',
      [DEAD_LETTER_HEADER.group]: group,
      [DEAD_LETTER_HEADER.attempts]: '1',
    });
    expect(deadLetters[0].headers[DEAD_LETTER_HEADER.error]).toMatch(/UndecodableEventError/);
  });

  it('parks bytes that name an unknown schema id without retrying', async () => {
    const handled: string[] = [];
    const { send, encode, deadLetters } = await given(async (batch) => {
      handled.push(...batch.map((d) => d.event.orderId));
    });
    const unknownSchema = Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0, 1, 2, 3]);
    const next = anOrderPlaced();

    await send(unknownSchema, await encode(next));

    await eventually(() => expect(handled).toEqual([next.orderId]), { description: 'the next event handled' });
    await eventually(() => expect(deadLetters).toHaveLength(1), { description: 'one dead letter' });
    expect(deadLetters[0].headers[DEAD_LETTER_HEADER.error]).toMatch(/unknown schema id/);
  });

  it('dead-letters only the event of a batch that can never succeed', async () => {
    const poison = anOrderPlaced({ customerId: 'poison' });
    const good = [anOrderPlaced(), anOrderPlaced()];
    const handled: string[] = [];
    const { send, encode, deadLetters } = await given(async (batch) => {
      if (batch.some((d) => d.event.customerId === 'poison')) throw new PoisonEventError('cannot process');
      handled.push(...batch.map((d) => d.event.orderId));
    });

    await send(await encode(good[0]), await encode(poison), await encode(good[1]));

    await eventually(() => expect(handled.sort()).toEqual(good.map((e) => e.orderId).sort()), {
      description: 'both good events handled',
    });
    await eventually(() => expect(deadLetters).toHaveLength(1), { description: 'one dead letter' });
    expect(await codec.decode(ORDER_PLACED_V1, deadLetters[0].value)).toEqual(poison);
    expect(deadLetters[0].headers[DEAD_LETTER_HEADER.error]).toMatch(/PoisonEventError: cannot process/);
  });

  it('retries a failure that may pass, without dead-lettering', async () => {
    let failuresLeft = 1;
    const handled: string[] = [];
    const { send, encode, deadLetters } = await given(async (batch) => {
      if (failuresLeft-- > 0) throw new Error('deadlock detected');
      handled.push(...batch.map((d) => d.event.orderId));
    });
    const event = anOrderPlaced();

    await send(await encode(event));

    await eventually(() => expect(handled).toEqual([event.orderId]), { description: 'handled on the retry' });
    expect(deadLetters).toHaveLength(0);
  });

  it('waits out a dependency outage without counting attempts, reporting itself stalled meanwhile', async () => {
    let outageLeft = 6; // more failures than the policy's 2 attempts
    const handled: string[] = [];
    const { send, encode, deadLetters, consumer, group } = await given(
      async (batch) => {
        if (outageLeft-- > 0) throw new Error('the database is down', { cause: { code: 'DB_DOWN' } });
        handled.push(...batch.map((d) => d.event.orderId));
      },
      {
        isInfrastructureFailure: (error) => (error as { cause?: { code?: string } }).cause?.code === 'DB_DOWN',
        dependencyBackoff: { initialDelayMs: 200, maxDelayMs: 400 },
      },
    );
    await eventually(() => expect(consumer.status).toEqual({ up: true }), { description: 'joined the group' });
    const event = anOrderPlaced();

    await send(await encode(event));

    await eventually(
      () =>
        expect(consumer.status).toEqual({ up: false, detail: 'waiting for a dependency: Error: the database is down' }),
      { description: `${group} stalled` },
    );
    await eventually(() => expect(handled).toEqual([event.orderId]), { description: 'handled once the outage ends' });
    expect(consumer.status).toEqual({ up: true });
    expect(deadLetters).toHaveLength(0);
  });
});
