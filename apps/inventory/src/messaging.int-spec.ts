import { Controller, type INestApplication, Module } from '@nestjs/common';
import { ORDER_CANCELLED_V1, ORDER_PLACED_V1, type OrderCancelledV1 } from '@surge/contracts';
import {
  DEAD_LETTER_HEADER,
  deadLetterTopic,
  type DeliveredOn,
  OnEvent,
  PoisonEventError,
  retryThenDeadLetter,
} from '@surge/messaging';
import { createDatabasePool, TransactionRunner } from '@surge/persistence';
import { createServiceApp, loadConfig, ServiceModule } from '@surge/platform';
import { anOrderPlaced, collectRaw, eventually, testInfra, unique } from '@surge/testing';
import { type ServiceHarness, startServiceHarness } from '@surge/service-testing';
import { createInventoryDatabase, type InventoryDatabase, type InventoryTransaction } from './database';

const GROUP = unique('inventory-it');

/**
 * A stand-in consumer on a group of its own: it records each new event in the
 * inbox and changes nothing else, so that it never touches the stock the real
 * reservation consumer (running in other specs of the same run) works on.
 */
@Controller()
class RecordOnly {
  constructor(private readonly transactions: TransactionRunner<InventoryTransaction>) {}

  @OnEvent(ORDER_PLACED_V1, { group: GROUP, onFailure: retryThenDeadLetter({ attempts: 3, initialDelayMs: 10 }) })
  async record(batch: DeliveredOn<typeof ORDER_PLACED_V1>[]): Promise<void> {
    await this.transactions.consume(batch, async () => undefined);
  }

  @OnEvent(ORDER_CANCELLED_V1, { group: GROUP, onFailure: retryThenDeadLetter({ attempts: 3, initialDelayMs: 10 }) })
  async refuse(batch: DeliveredOn<typeof ORDER_CANCELLED_V1>[]): Promise<void> {
    if (batch.length > 0) throw new PoisonEventError(`cannot cancel ${batch[0].event.orderId}`);
  }
}

describe('an Avro event published by one Nest app and consumed by another', () => {
  let consumerApp: INestApplication;
  let harness: ServiceHarness<never>;
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
      controllers: [RecordOnly],
    })
    class ConsumerModule {}
    consumerApp = await createServiceApp(ConsumerModule);
    await consumerApp.listen(0, '127.0.0.1');

    harness = await startServiceHarness({ service: 'inventory', group: GROUP, neighbours: ['orders'] });
    db = createInventoryDatabase(createDatabasePool(testInfra.databaseUrl('inventory'), 2));
  });

  afterAll(async () => {
    await harness?.close();
    await consumerApp?.close();
    await db?.$disconnect();
  });

  it('is consumed once, however many times it is delivered', async () => {
    const event = anOrderPlaced({ lines: [{ sku: unique('SKU'), quantity: 3, unitPrice: 2_500 }], totalAmount: 7_500 });

    await harness.publish({ topic: ORDER_PLACED_V1, event });
    await harness.publish({ topic: ORDER_PLACED_V1, event }); // the same event id again

    const inbox = (eventId: string) => db.inboxEvent.count({ where: { consumerGroup: GROUP, eventId } });
    // A later event on the same partition (same key) proves the duplicate was already consumed.
    const marker = anOrderPlaced({ orderId: event.orderId });
    await harness.publish({ topic: ORDER_PLACED_V1, event: marker });
    await harness.consumed(marker);

    expect(await inbox(event.eventId)).toBe(1);
  });

  it('dead-letters an event whose handler throws a non-retriable error, at the first attempt', async () => {
    const { eventId, correlationId, causationId, occurredAt, orderId, customerId } = anOrderPlaced();
    const cancelled: OrderCancelledV1 = {
      ...{ eventId, correlationId, causationId, occurredAt, orderId, customerId },
      totalAmount: 2_500,
      currency: 'EUR',
    };
    const deadLetters = await collectRaw(deadLetterTopic(GROUP));
    try {
      await harness.publish({ topic: ORDER_CANCELLED_V1, event: cancelled });

      // The stand-in refuses every cancellation on the topic, other specs' too: look at this one's.
      const ours = () => deadLetters.withEventId(cancelled.eventId).map((message) => message.headers);
      await eventually(() => expect(ours()).toHaveLength(1), { description: 'one dead letter' });
      expect(ours()[0]).toMatchObject({
        [DEAD_LETTER_HEADER.topic]: ORDER_CANCELLED_V1,
        [DEAD_LETTER_HEADER.attempts]: '1',
        [DEAD_LETTER_HEADER.error]: `PoisonEventError: cannot cancel ${cancelled.orderId}`,
      });
    } finally {
      await deadLetters.close();
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
