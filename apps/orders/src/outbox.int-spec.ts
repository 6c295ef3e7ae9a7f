import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { ORDER_PLACED_V1 } from '@surge/contracts';
import { AvroCodec, EventPublisher, KAFKA, MessagingLifecycle, MessagingModule } from '@surge/messaging';
import { createDatabasePool, OutboxRelay, TransactionRunner } from '@surge/persistence';
import { anOrderPlaced, eventually, startSpareKafka, testInfra, unique } from '@surge/testing';
import type { Kafka } from 'kafkajs';
import { createOrdersDatabase } from './database';

describe('the outbox while the broker is down', () => {
  it('keeps a committed event and publishes it once the broker is back', async () => {
    const broker = await startSpareKafka();
    const module = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({ service: 'orders', brokers: broker.brokers, registryUrl: testInfra.registryUrl() }),
      ],
    }).compile();
    const app = await module.init();
    const db = createOrdersDatabase(createDatabasePool(testInfra.databaseUrl('orders'), 2));
    const relay = new OutboxRelay(
      db,
      app.get(EventPublisher),
      { warn: () => undefined, error: () => undefined },
      {
        idleMs: 50,
        maxBackoffMs: 500,
      },
    );
    try {
      await app.get(MessagingLifecycle).prepare();
      await broker.stop();

      const event = anOrderPlaced({ customerId: unique('customer') });
      await new TransactionRunner(db, relay).run(async (tx, outbox) => {
        await tx.order.create({
          data: {
            id: event.orderId,
            customerId: event.customerId,
            status: 'PENDING',
            totalAmount: 2_500,
            currency: 'EUR',
            cardFingerprint: 'a'.repeat(64),
            cardCountry: 'DE',
            shippingAddress: { country: 'DE' },
            correlationId: randomUUID(),
          },
        });
        outbox.add({ topic: ORDER_PLACED_V1, event });
      });
      relay.start();
      expect(await db.outboxEvent.count({ where: { eventId: event.eventId } })).toBe(1);

      await broker.restart();

      await eventually(async () => expect(await db.outboxEvent.count({ where: { eventId: event.eventId } })).toBe(0), {
        timeoutMs: 60_000,
        description: 'the outbox drained',
      });
      const published = await readAll(app.get<Kafka>(KAFKA), app.get(AvroCodec), event.orderId);
      expect(published).toEqual([event]);
    } finally {
      await relay.stop();
      await app.close();
      await db.$disconnect();
      await broker.stop();
    }
  }, 120_000);
});

/** Every OrderPlaced on the topic for one order (the key), read from the beginning. */
async function readAll(kafka: Kafka, codec: AvroCodec, orderId: string) {
  const consumer = kafka.consumer({ groupId: unique('outbox-reader') });
  const found: unknown[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: ORDER_PLACED_V1, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === orderId) found.push(await codec.decode(ORDER_PLACED_V1, message.value));
      },
    });
    await eventually(() => expect(found.length).toBeGreaterThan(0), { description: 'the event on the topic' });
  } finally {
    await consumer.disconnect();
  }
  return found;
}
