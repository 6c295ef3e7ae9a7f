import { Controller, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ORDER_CANCELLED_V1, ORDER_PLACED_V1, type OrderCancelledV1 } from '@surge/contracts';
import {
  DEAD_LETTER_HEADER,
  deadLetterTopic,
  type DeliveredOn,
  EventPublisher,
  KAFKA,
  MessagingLifecycle,
  MessagingModule,
  OnEvent,
  PoisonEventError,
  readHeaders,
  retryThenDeadLetter,
} from '@surge/messaging';
import { TransactionRunner } from '@surge/persistence';
import { createServiceApp, loadConfig, ServiceModule } from '@surge/platform';
import { anOrderPlaced, eventually, testInfra, unique } from '@surge/testing';
import type { Kafka } from 'kafkajs';
import { createInventoryDatabase, type InventoryDatabase, type InventoryTransaction } from './database';

const GROUP = unique('inventory-it');

/** A stand-in use case: reserves the lines of each new order, through the inbox. */
@Controller()
class ReserveLines {
  constructor(private readonly transactions: TransactionRunner<InventoryTransaction>) {}

  @OnEvent(ORDER_PLACED_V1, { group: GROUP, onFailure: retryThenDeadLetter({ attempts: 3, initialDelayMs: 10 }) })
  async reserve(batch: DeliveredOn<typeof ORDER_PLACED_V1>[]): Promise<void> {
    await this.transactions.consume(batch, async (tx, fresh) => {
      for (const { event } of fresh) {
        for (const line of event.lines) {
          await tx.product.updateMany({
            where: { sku: line.sku },
            data: { available: { decrement: line.quantity }, reserved: { increment: line.quantity } },
          });
        }
      }
    });
  }

  @OnEvent(ORDER_CANCELLED_V1, { group: GROUP, onFailure: retryThenDeadLetter({ attempts: 3, initialDelayMs: 10 }) })
  async refuse(batch: DeliveredOn<typeof ORDER_CANCELLED_V1>[]): Promise<void> {
    if (batch.length > 0) throw new PoisonEventError(`cannot cancel ${batch[0].event.orderId}`);
  }
}

describe('an Avro event published by one Nest app and consumed by another', () => {
  let consumerApp: INestApplication;
  let publisher: EventPublisher;
  let closeProducer: () => Promise<void>;
  let db: InventoryDatabase;

  beforeAll(async () => {
    const config = loadConfig('inventory', {
      PORT: '0',
      DATABASE_URL: testInfra.databaseUrl('inventory'),
      KAFKA_BROKERS: testInfra.kafkaBrokers().join(','),
      SCHEMA_REGISTRY_URL: testInfra.registryUrl(),
      LOG_LEVEL: 'warn',
    });
    @Module({
      imports: [ServiceModule.forRoot({ config, database: createInventoryDatabase })],
      controllers: [ReserveLines],
    })
    class ConsumerModule {}
    consumerApp = await createServiceApp(ConsumerModule);
    await consumerApp.listen(0, '127.0.0.1');

    const producer = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({
          service: 'orders',
          brokers: testInfra.kafkaBrokers(),
          registryUrl: testInfra.registryUrl(),
        }),
      ],
    }).compile();
    const producerApp = await producer.init();
    await producerApp.get(MessagingLifecycle).prepare();
    publisher = producerApp.get(EventPublisher);
    closeProducer = () => producerApp.close();
    db = createInventoryDatabase(testInfra.databaseUrl('inventory'), 2);
  });

  afterAll(async () => {
    await closeProducer?.();
    await consumerApp?.close();
    await db?.$disconnect();
  });

  it('is consumed, and its second delivery changes nothing', async () => {
    const sku = unique('SKU');
    await db.product.create({ data: { sku, name: 'Kettle', unitPrice: 2_500, currency: 'EUR', available: 10 } });
    const event = anOrderPlaced({ lines: [{ sku, quantity: 3, unitPrice: 2_500 }], totalAmount: 7_500 });

    await publisher.publish([{ topic: ORDER_PLACED_V1, event }]);
    await publisher.publish([{ topic: ORDER_PLACED_V1, event }]); // the same event id again

    const inbox = () => db.inboxEvent.count({ where: { consumerGroup: GROUP, eventId: event.eventId } });
    await eventually(async () => expect(await inbox()).toBe(1), { description: 'the event recorded in the inbox' });
    // A later event on the same partition (same key) proves the duplicate was already consumed.
    const marker = anOrderPlaced({ orderId: event.orderId, lines: [{ sku, quantity: 1, unitPrice: 2_500 }] });
    await publisher.publish([{ topic: ORDER_PLACED_V1, event: marker }]);
    await eventually(
      async () =>
        expect(await db.inboxEvent.count({ where: { consumerGroup: GROUP, eventId: marker.eventId } })).toBe(1),
      { description: 'the later event consumed' },
    );

    expect(await db.product.findUniqueOrThrow({ where: { sku } })).toMatchObject({ available: 6, reserved: 4 });
  });

  it('dead-letters an event whose handler throws a non-retriable error, at the first attempt', async () => {
    const { eventId, correlationId, causationId, occurredAt, orderId, customerId } = anOrderPlaced();
    const cancelled: OrderCancelledV1 = {
      ...{ eventId, correlationId, causationId, occurredAt, orderId, customerId },
      totalAmount: 2_500,
      currency: 'EUR',
    };
    const reader = consumerApp.get<Kafka>(KAFKA).consumer({ groupId: unique('dlq-reader') });
    const deadLetters: Record<string, string>[] = [];
    await reader.connect();
    try {
      await reader.subscribe({ topic: deadLetterTopic(GROUP), fromBeginning: true });
      await reader.run({
        eachMessage: async ({ message }) => {
          deadLetters.push(readHeaders(message.headers));
        },
      });

      await publisher.publish([{ topic: ORDER_CANCELLED_V1, event: cancelled }]);

      await eventually(() => expect(deadLetters).toHaveLength(1), { description: 'one dead letter' });
      expect(deadLetters[0]).toMatchObject({
        [DEAD_LETTER_HEADER.topic]: ORDER_CANCELLED_V1,
        [DEAD_LETTER_HEADER.attempts]: '1',
        [DEAD_LETTER_HEADER.error]: `PoisonEventError: cannot cancel ${cancelled.orderId}`,
      });
    } finally {
      await reader.disconnect();
    }
  });

  it('reports ready when its database, broker and registry are reachable', async () => {
    const response = await fetch(`${await consumerApp.getUrl()}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up' },
        broker: { status: 'up' },
        registry: { status: 'up' },
        consumers: { status: 'up' },
      },
    });
  });
});
