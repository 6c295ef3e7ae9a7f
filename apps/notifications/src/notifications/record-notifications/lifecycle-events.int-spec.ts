import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import {
  FRAUD_CHECK_COMPLETED_V1,
  type FraudCheckCompletedV1,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_REJECTED_V1,
  type OrderCancelledV1,
  type OrderConfirmedV1,
  type OrderRejectedV1,
  PAYMENT_REFUNDED_V1,
  type PaymentRefundedV1,
} from '@surge/contracts';
import type { OutboxEntry } from '@surge/persistence';
import { eventually, testInfra, unique } from '@surge/testing';
import { type RunningService, type ServiceHarness, startServiceApp, startServiceHarness } from '@surge/service-testing';
import { AppModule } from '../../app.module';
import { createNotificationsDatabase, type NotificationsDatabase } from '../../database';
import { loadNotificationsConfig } from '../../notifications.config';

describe('notifications recorded from lifecycle events', () => {
  let service: RunningService;
  let harness: ServiceHarness<never>;
  let db: NotificationsDatabase;

  beforeAll(async () => {
    harness = await startServiceHarness({
      service: 'notifications',
      neighbours: ['orders', 'payments', 'fraud-detection'],
      timeoutMs: 30_000,
    });
    service = await startServiceApp('notifications', {
      register: (config) =>
        AppModule.register(config, loadNotificationsConfig({ NOTIFICATIONS_POLL_INTERVAL_MS: '100' })),
    });
    db = createNotificationsDatabase(createDatabasePool(testInfra.databaseUrl('notifications'), 2));
  });

  afterAll(async () => {
    await service?.close();
    await harness?.close();
    await db?.$disconnect();
  });

  const given = {
    order(customerId = unique('customer')) {
      const orderId = randomUUID();
      const base = { correlationId: randomUUID(), causationId: null, occurredAt: Date.now(), orderId, customerId };
      return {
        orderId,
        customerId,
        confirmed: (): OrderConfirmedV1 => ({ ...base, eventId: randomUUID(), totalAmount: 2_500, currency: 'EUR' }),
        rejected: (reason: OrderRejectedV1['reason'] = 'OUT_OF_STOCK'): OrderRejectedV1 => ({
          ...base,
          eventId: randomUUID(),
          reason,
          detail: null,
          totalAmount: 2_500,
          currency: 'EUR',
        }),
        cancelled: (): OrderCancelledV1 => ({ ...base, eventId: randomUUID(), totalAmount: 2_500, currency: 'EUR' }),
        refunded: (): PaymentRefundedV1 => ({
          ...base,
          eventId: randomUUID(),
          paymentId: randomUUID(),
          amount: 2_500,
          currency: 'EUR',
          reason: 'ORDER_CANCELLED',
        }),
        fraudChecked: (decision: FraudCheckCompletedV1['decision']): FraudCheckCompletedV1 => ({
          ...base,
          eventId: randomUUID(),
          decision,
          score: decision === 'REJECTED' ? 95 : 5,
          reasons: decision === 'REJECTED' ? ['BLOCKLISTED_CUSTOMER'] : [],
          totalAmount: 2_500,
          currency: 'EUR',
        }),
      };
    },
  };

  const when = {
    published: (...entries: OutboxEntry[]) => harness.publish(...entries),
  };

  const then = {
    /** In the order of the type enum: ORDER_CONFIRMED, ORDER_REJECTED, ORDER_CANCELLED, PAYMENT_REFUNDED, FRAUD_ALERT. */
    notificationsOf: (orderId: string) =>
      db.notification.findMany({ where: { orderId }, orderBy: { type: 'asc' }, include: { deliveryAttempts: true } }),
    /** Consumed (and committed) means its event id is in the inbox. */
    consumed: (...eventIds: string[]) => harness.consumed(...eventIds),
  };

  it('stores one notification for each lifecycle event, rendered and delivered on the log channel', async () => {
    const order = given.order();
    const fraud = given.order();
    await when.published(
      { topic: ORDER_CONFIRMED_V1, event: order.confirmed() },
      { topic: ORDER_CANCELLED_V1, event: order.cancelled() },
      { topic: PAYMENT_REFUNDED_V1, event: order.refunded() },
      { topic: ORDER_REJECTED_V1, event: fraud.rejected('FRAUD_SUSPECTED') },
      { topic: FRAUD_CHECK_COMPLETED_V1, event: fraud.fraudChecked('REJECTED') },
    );

    await eventually(
      async () => {
        const stored = await then.notificationsOf(order.orderId);
        expect(stored.map((n) => [n.type, n.status])).toEqual([
          ['ORDER_CONFIRMED', 'SENT'],
          ['ORDER_CANCELLED', 'SENT'],
          ['PAYMENT_REFUNDED', 'SENT'],
        ]);
      },
      { timeoutMs: 30_000, description: 'three customer notifications sent' },
    );
    const stored = await then.notificationsOf(order.orderId);
    for (const notification of stored) {
      expect(notification).toMatchObject({ customerId: order.customerId, channel: 'customer' });
      expect(notification.deliveryAttempts.map((a) => [a.attempt, a.channel, a.outcome])).toEqual([[1, 'log', 'SENT']]);
    }
    expect(stored.find((n) => n.type === 'PAYMENT_REFUNDED')?.subject).toBe(
      `Refund of EUR 25.00 for order ${order.orderId}`,
    );

    await eventually(
      async () => {
        const alerts = await then.notificationsOf(fraud.orderId);
        expect(alerts.map((n) => [n.type, n.channel, n.customerId])).toEqual([
          ['ORDER_REJECTED', 'customer', fraud.customerId],
          ['FRAUD_ALERT', 'operations', fraud.customerId],
        ]);
      },
      { timeoutMs: 30_000, description: 'a rejection for the customer and an alert for operations' },
    );
  });

  it('changes nothing for a redelivered event or a repeated one under a new event id', async () => {
    const order = given.order();
    const first = order.confirmed();
    const again = order.confirmed();
    await when.published(
      { topic: ORDER_CONFIRMED_V1, event: first },
      { topic: ORDER_CONFIRMED_V1, event: first },
      { topic: ORDER_CONFIRMED_V1, event: { ...again, totalAmount: 9_999 } },
    );
    await then.consumed(first.eventId, again.eventId);

    const stored = await then.notificationsOf(order.orderId);
    expect(stored).toHaveLength(1);
    expect(stored[0].body).toContain('EUR 25.00');
  });

  it('reaches the same notifications whatever order the events arrive in', async () => {
    const order = given.order();
    await when.published(
      { topic: PAYMENT_REFUNDED_V1, event: order.refunded() },
      { topic: ORDER_CANCELLED_V1, event: order.cancelled() },
      { topic: ORDER_CONFIRMED_V1, event: order.confirmed() },
    );

    await eventually(
      async () =>
        expect((await then.notificationsOf(order.orderId)).map((n) => n.type)).toEqual([
          'ORDER_CONFIRMED',
          'ORDER_CANCELLED',
          'PAYMENT_REFUNDED',
        ]),
      { timeoutMs: 30_000, description: 'all three notifications stored' },
    );
  });

  it('alerts operations only about fraud rejections, not approvals', async () => {
    const approved = given.order();
    const rejected = given.order();
    const approval = approved.fraudChecked('APPROVED');
    const rejection = rejected.fraudChecked('REJECTED');
    await when.published(
      { topic: FRAUD_CHECK_COMPLETED_V1, event: approval },
      { topic: FRAUD_CHECK_COMPLETED_V1, event: rejection },
    );
    await then.consumed(approval.eventId, rejection.eventId);

    expect(await then.notificationsOf(approved.orderId)).toEqual([]);
    expect(await then.notificationsOf(rejected.orderId)).toEqual([
      expect.objectContaining({
        type: 'FRAUD_ALERT',
        channel: 'operations',
        subject: `Fraud check rejected order ${rejected.orderId}`,
      }),
    ]);
  });
});
