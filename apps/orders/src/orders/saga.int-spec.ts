import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import {
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_REQUESTED_V1,
  type OrderPlacedV1,
} from '@surge/contracts';
import type { OutgoingEvent } from '@surge/messaging';
import { eventually, testInfra, unique } from '@surge/testing';
import {
  type RunningService,
  type ServiceHarness,
  sagaAnswers,
  startServiceApp,
  startServiceHarness,
} from '@surge/service-testing';
import { AppModule } from '../app.module';
import { createOrdersDatabase, type OrdersDatabase } from '../database';

const PUBLISHED_TOPICS = [
  ORDER_PLACED_V1,
  PAYMENT_REQUESTED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_REJECTED_V1,
  ORDER_CANCELLED_V1,
] as const;
type PublishedTopic = (typeof PUBLISHED_TOPICS)[number];

interface OrderBody {
  orderId: string;
  status: string;
  reason?: string;
  timeline: { type: string; at: string }[];
}

const WAIT = { timeoutMs: 45_000 };

describe('orders running the saga on the real broker', () => {
  let service: RunningService;
  let harness: ServiceHarness<PublishedTopic>;
  let db: OrdersDatabase;

  beforeAll(async () => {
    service = await startServiceApp('orders', AppModule);
    harness = await startServiceHarness({
      service: 'orders',
      neighbours: ['inventory', 'fraud-detection', 'payments'],
      publishes: PUBLISHED_TOPICS,
      ...WAIT,
    });
    db = createOrdersDatabase(createDatabasePool(testInfra.databaseUrl('orders'), 2));
  });

  afterAll(async () => {
    await harness?.close();
    await service?.close();
    await db?.$disconnect();
  });

  // ---- given / when / then ----

  async function givenOrder(
    overrides: Record<string, unknown> = {},
    correlationId: string = randomUUID(),
  ): Promise<OrderPlacedV1> {
    const response = await fetch(`${service.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
      body: JSON.stringify({
        customerId: unique('customer'),
        currency: 'EUR',
        items: [
          { sku: 'KETTLE-01', quantity: 2, unitPrice: 2_500 },
          { sku: 'MUG', quantity: 3, unitPrice: 700 },
        ],
        payment: { token: 'tok_visa_DE' },
        shippingAddress: { country: 'AT' },
        ...overrides,
      }),
    });
    expect(response.status).toBe(202);
    const { orderId } = (await response.json()) as { orderId: string };
    return harness.published.eventuallyAbout(orderId, ORDER_PLACED_V1);
  }

  /** Publishes each event as the service that owns its topic would. */
  const when = (...events: OutgoingEvent[]) => harness.publish(...events);
  const eventuallyPublished = <T extends PublishedTopic>(orderId: string, topic: T) =>
    harness.published.eventuallyAbout(orderId, topic);

  async function orderNamed(orderId: string): Promise<OrderBody> {
    const response = await fetch(`${service.url}/orders/${orderId}`);
    expect(response.status).toBe(200);
    return (await response.json()) as OrderBody;
  }

  async function eventuallyStatus(orderId: string, status: string): Promise<OrderBody> {
    let order: OrderBody | undefined;
    await eventually(
      async () => {
        order = await orderNamed(orderId);
        expect(order.status).toBe(status);
      },
      { ...WAIT, description: `order ${orderId} ${status}` },
    );
    return order as OrderBody;
  }

  // ---- the saga ----

  it('places over HTTP, requests payment once both validations pass and confirms the paid order', async () => {
    const correlationId = unique('corr');
    const order = await givenOrder({}, correlationId);
    expect(order).toMatchObject({
      correlationId,
      causationId: null,
      currency: 'EUR',
      lines: [
        { sku: 'KETTLE-01', quantity: 2, unitPrice: 2_500 },
        { sku: 'MUG', quantity: 3, unitPrice: 700 },
      ],
      totalAmount: 7_100,
      // printf tok_visa_DE | sha256sum
      paymentTokenFingerprint: 'b7d44780769f3478754824c309edfd9a9b4b7d70dcf87c489ceea6be3d6b8ea4',
      cardCountry: 'DE',
      shippingCountry: 'AT',
    });

    const reserved = sagaAnswers.reserved(order);
    const approved = sagaAnswers.fraud(order, 'APPROVED');
    await when(reserved, approved);

    const request = await eventuallyPublished(order.orderId, PAYMENT_REQUESTED_V1);
    expect(request).toMatchObject({
      correlationId,
      causationId: expect.stringMatching(`^(${reserved.event.eventId}|${approved.event.eventId})$`) as string,
      customerId: order.customerId,
      amount: 7_100,
      currency: 'EUR',
      paymentToken: 'tok_visa_DE',
    });

    const authorized = sagaAnswers.authorized(order);
    await when(authorized);
    const confirmed = await eventuallyPublished(order.orderId, ORDER_CONFIRMED_V1);
    expect(confirmed).toMatchObject({
      correlationId,
      causationId: authorized.event.eventId,
      customerId: order.customerId,
      totalAmount: 7_100,
      currency: 'EUR',
    });
    const final = await eventuallyStatus(order.orderId, 'CONFIRMED');
    expect(final).not.toHaveProperty('reason');
    // The two validations run in parallel: the saga promises no order between their answers.
    const types = final.timeline.map((t) => t.type);
    expect(types[0]).toBe('OrderPlaced');
    expect([...types.slice(1, 3)].sort()).toEqual(['FraudCheckCompleted', 'InventoryReserved']);
    expect(types.slice(3)).toEqual(['PaymentRequested', 'PaymentAuthorized', 'OrderConfirmed']);
  });

  it('rejects the order with the inventory reason and never requests payment when fraud approves later', async () => {
    const order = await givenOrder();
    const rejected = sagaAnswers.rejected(order);
    await when(rejected);

    const rejection = await eventuallyPublished(order.orderId, ORDER_REJECTED_V1);
    expect(rejection).toMatchObject({
      causationId: rejected.event.eventId,
      reason: 'OUT_OF_STOCK',
      detail: 'sku MUG: 3 requested, 1 available',
      customerId: order.customerId,
      totalAmount: 7_100,
      currency: 'EUR',
    });
    const late = [sagaAnswers.fraud(order, 'APPROVED'), sagaAnswers.released(order)];
    await when(...late);
    await harness.consumed(...late);

    await harness.relayedAndRead(order.orderId);
    expect(harness.published.topicsAbout(order.orderId)).toEqual([ORDER_PLACED_V1, ORDER_REJECTED_V1]);
    const final = await orderNamed(order.orderId);
    expect(final).toMatchObject({ status: 'REJECTED', reason: 'OUT_OF_STOCK' });
    // The two late answers travel on different topics: either may be recorded first.
    const types = final.timeline.map((t) => t.type);
    expect(types.slice(0, 3)).toEqual(['OrderPlaced', 'InventoryRejected', 'OrderRejected']);
    expect([...types.slice(3)].sort()).toEqual(['FraudCheckCompleted', 'InventoryReleased']);
  });

  it('rejects as FRAUD_SUSPECTED when fraud-detection rejects', async () => {
    const order = await givenOrder();
    await when(sagaAnswers.reserved(order), sagaAnswers.fraud(order, 'REJECTED'));
    expect(await eventuallyPublished(order.orderId, ORDER_REJECTED_V1)).toMatchObject({
      reason: 'FRAUD_SUSPECTED',
      detail: 'BLOCKLISTED_CUSTOMER',
    });
    expect(await eventuallyStatus(order.orderId, 'REJECTED')).toMatchObject({ reason: 'FRAUD_SUSPECTED' });
  });

  it('requests payment once for answers in reverse order and duplicated, and rejects a declined payment', async () => {
    const order = await givenOrder();
    const approved = sagaAnswers.fraud(order, 'APPROVED');
    const reserved = sagaAnswers.reserved(order);
    await when(approved, approved, reserved, sagaAnswers.fraud(order, 'APPROVED'), reserved);
    await eventuallyPublished(order.orderId, PAYMENT_REQUESTED_V1);
    const declined = sagaAnswers.declined(order);
    await when(declined, declined);

    expect(await eventuallyPublished(order.orderId, ORDER_REJECTED_V1)).toMatchObject({
      causationId: declined.event.eventId,
      reason: 'PAYMENT_DECLINED',
      detail: 'INSUFFICIENT_FUNDS',
    });
    await harness.consumed(declined);
    await harness.relayedAndRead(order.orderId);
    expect(harness.published.topicsAbout(order.orderId)).toEqual([
      ORDER_PLACED_V1,
      PAYMENT_REQUESTED_V1,
      ORDER_REJECTED_V1,
    ]);
    const final = await orderNamed(order.orderId);
    expect(final).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
    expect(final.timeline.filter((t) => t.type === 'PaymentDeclined')).toHaveLength(1);
  });

  it('never requests payment twice when the answers of many orders arrive in parallel, duplicated', async () => {
    const orders = await Promise.all(Array.from({ length: 10 }, () => givenOrder()));
    const reserved = orders.map(sagaAnswers.reserved);
    const approved = orders.map((order) => sagaAnswers.fraud(order, 'APPROVED'));
    const again = orders.map((order) => sagaAnswers.fraud(order, 'APPROVED'));

    await Promise.all([
      harness.neighbours.as('inventory').publish([...reserved, ...reserved]),
      harness.neighbours.as('fraud-detection').publish(approved),
      harness.neighbours.as('fraud-detection').publish(again),
    ]);
    await harness.consumed(...reserved, ...approved, ...again);

    const orderIds = orders.map((o) => o.orderId);
    await harness.relayedAndRead(...orderIds);
    for (const orderId of orderIds) {
      expect({ orderId, topics: harness.published.topicsAbout(orderId) }).toEqual({
        orderId,
        topics: [ORDER_PLACED_V1, PAYMENT_REQUESTED_V1],
      });
    }
  });

  it('cancels over HTTP, publishes OrderCancelled and only records a later authorization and refund', async () => {
    const order = await givenOrder();
    await when(sagaAnswers.reserved(order), sagaAnswers.fraud(order, 'APPROVED'));
    await eventuallyPublished(order.orderId, PAYMENT_REQUESTED_V1);

    const response = await fetch(`${service.url}/orders/${order.orderId}/cancel`, {
      method: 'POST',
      headers: { 'x-correlation-id': 'corr-cancel' },
    });
    expect(response.status).toBe(202);
    expect(await eventuallyPublished(order.orderId, ORDER_CANCELLED_V1)).toMatchObject({
      correlationId: 'corr-cancel',
      causationId: null,
      customerId: order.customerId,
      totalAmount: 7_100,
      currency: 'EUR',
    });

    const late = [sagaAnswers.authorized(order), sagaAnswers.refunded(order)];
    await when(...late);
    await harness.consumed(...late);
    await harness.relayedAndRead(order.orderId);
    expect(harness.published.topicsAbout(order.orderId)).toEqual([
      ORDER_PLACED_V1,
      PAYMENT_REQUESTED_V1,
      ORDER_CANCELLED_V1,
    ]);
    const final = await orderNamed(order.orderId);
    expect(final.status).toBe('CANCELLED');
    expect(final.timeline.map((t) => t.type).slice(-3)).toEqual([
      'OrderCancelled',
      'PaymentAuthorized',
      'PaymentRefunded',
    ]);
  });

  it('serialises a cancel racing the last validation: payment is requested only if the cancel lost', async () => {
    const order = await givenOrder();
    const reserved = sagaAnswers.reserved(order);
    await when(reserved);
    await harness.consumed(reserved);

    const approved = sagaAnswers.fraud(order, 'APPROVED');
    const [cancel] = await Promise.all([
      fetch(`${service.url}/orders/${order.orderId}/cancel`, { method: 'POST' }),
      when(approved),
    ]);
    expect(cancel.status).toBe(202);
    await harness.consumed(approved);
    await harness.relayedAndRead(order.orderId);

    const topics = harness.published.topicsAbout(order.orderId);
    const types = (await orderNamed(order.orderId)).timeline.map((t) => t.type);
    const cancelWon = types.indexOf('OrderCancelled') < types.indexOf('FraudCheckCompleted');
    expect(topics).toEqual(
      cancelWon ? [ORDER_PLACED_V1, ORDER_CANCELLED_V1] : [ORDER_PLACED_V1, PAYMENT_REQUESTED_V1, ORDER_CANCELLED_V1],
    );
  });

  it('clears the payment token once payment is requested or the order is final', async () => {
    const paid = await givenOrder();
    const rejected = await givenOrder();
    await when(sagaAnswers.reserved(paid), sagaAnswers.fraud(paid, 'APPROVED'), sagaAnswers.rejected(rejected));
    await eventuallyPublished(paid.orderId, PAYMENT_REQUESTED_V1);
    await eventuallyPublished(rejected.orderId, ORDER_REJECTED_V1);

    const tokens = await db.order.findMany({
      where: { id: { in: [paid.orderId, rejected.orderId] } },
      select: { paymentToken: true },
    });
    expect(tokens).toEqual([{ paymentToken: null }, { paymentToken: null }]);
  });
});
