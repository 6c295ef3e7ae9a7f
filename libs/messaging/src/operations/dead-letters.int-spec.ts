import type { OrderPlacedV1 } from '@surge/contracts';
import { anOrderPlaced, eventually, testInfra, unique } from '@surge/testing';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec } from '../avro-codec';
import { GroupConsumer } from '../consuming/group-consumer';
import type { Delivered } from '../types';
import { replayDeadLetters } from '../producing/topic-writes';
import { readDeadLetters } from './dead-letters';
import { PoisonEventError } from '../errors';
import { retryThenDeadLetter } from '../consuming/failure-policy';
import { deadLetterTopic } from '../headers';
import { EventPublisher } from '../producing/publisher';
import { createTopics, orderPlacedSubscription, quiet, sendOrderPlaced } from '../consuming/order-placed.fixture-spec';

describe('dead letters: list and replay', () => {
  const kafka = new Kafka({
    clientId: 'dead-letters-it',
    brokers: testInfra.kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const codec = AvroCodec.connect(testInfra.registryUrl());
  const publisher = new EventPublisher(kafka, codec, 'test');
  let consumer: GroupConsumer;

  afterAll(async () => {
    await consumer?.stop();
    await publisher.disconnect();
  });

  it('lists a parked event with why and where it failed, and replays it once the handler is fixed', async () => {
    const topic = unique('it.order-placed');
    const group = unique('it-dlq');
    await createTopics(kafka, topic, deadLetterTopic(group));
    let broken = true;
    const handled: Delivered<OrderPlacedV1>[] = [];
    consumer = new GroupConsumer(
      kafka,
      codec,
      publisher,
      group,
      orderPlacedSubscription(topic, group, retryThenDeadLetter({ attempts: 1 }), async (batch) => {
        if (broken) throw new PoisonEventError('the handler has a bug');
        handled.push(...batch);
      }),
      quiet,
    );
    await consumer.start();
    const event = anOrderPlaced();
    await publisher.connect();
    await sendOrderPlaced(publisher, codec, topic, event);

    const letters = await eventually(
      async () => {
        const found = await readDeadLetters(kafka, { groups: [group] });
        expect(found).toHaveLength(1);
        return found;
      },
      { description: 'the dead letter listed' },
    );
    expect(letters[0]).toMatchObject({
      ref: `${deadLetterTopic(group)}:0:0`,
      key: event.orderId,
      group,
      original: { topic, partition: 0, offset: '0' },
      attempts: 1,
      error: 'PoisonEventError: the handler has a bug',
    });
    expect(await readDeadLetters(kafka, { groups: [group], originalTopic: 'another.topic' })).toEqual([]);
    expect(await readDeadLetters(kafka, { groups: [group], since: new Date(Date.now() + 60_000) })).toEqual([]);

    broken = false;
    expect(await replayDeadLetters(kafka, letters)).toBe(1);

    await eventually(() => expect(handled.map((d) => d.event)).toEqual([event]), {
      description: 'the replayed event handled',
    });
    expect(handled[0].headers['dlq-replayed-from']).toBe(letters[0].ref);
  });
});
