import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { ORDER_PLACED_V1 } from '@surge/contracts';
import { EventPublisher, MessagingLifecycle, MessagingModule } from '@surge/messaging';
import { createDatabasePool, OutboxRelay, TransactionRunner } from '@surge/persistence';
import { anOrderPlaced, startSpareKafka, testInfra, unique } from '@surge/testing';
import { startServiceHarness } from '@surge/service-testing';
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

      const harness = await startServiceHarness({
        service: 'orders',
        publishes: [ORDER_PLACED_V1],
        brokers: broker.brokers,
        timeoutMs: 60_000,
      });
      try {
        await harness.relayedAndRead(event.orderId);
        expect(harness.published.about(event.orderId).map((c) => c.event)).toEqual([event]);
      } finally {
        await harness.close();
      }
    } finally {
      await relay.stop();
      await app.close();
      await db.$disconnect();
      await broker.stop();
    }
  }, 120_000);
});
