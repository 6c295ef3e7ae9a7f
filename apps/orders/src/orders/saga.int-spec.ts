import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  FRAUD_CHECK_COMPLETED_V1,
  INVENTORY_REJECTED_V1,
  INVENTORY_RELEASED_V1,
  INVENTORY_RESERVED_V1,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_DECLINED_V1,
  PAYMENT_REFUNDED_V1,
  PAYMENT_REQUESTED_V1,
  type EventsByTopic,
  type OrderPlacedV1,
} from '@surge/contracts';
import { AvroCodec, EventPublisher, MessagingLifecycle, MessagingModule, type OutgoingEvent } from '@surge/messaging';
import { type RunningService, eventually, startServiceApp, testInfra, unique } from '@surge/testing';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
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

interface Published {
  topic: PublishedTopic;
  event: EventsByTopic[PublishedTopic];
}

interface OrderBody {
  orderId: string;
  status: string;
  reason?: string;
  timeline: { type: string; at: string }[];
}

const WAIT = { timeoutMs: 45_000 };
const PRODUCERS = ['inventory', 'fraud-detection', 'payments'] as const;

describe('orders running the saga on the real broker', () => {
  let service: RunningService;
  const producers: INestApplicationContext[] = [];
  const publishers = new Map<string, EventPublisher>();
  let collector: Consumer;
  let kafka: Kafka;
  let db: OrdersDatabase;
  const published: Published[] = [];
  /** Next offset to read, per topic and partition, as far as the collector got. */
  const consumed = new Map<string, number>();

  beforeAll(async () => {
    service = await startServiceApp('orders', AppModule);
    for (const name of PRODUCERS) {
      const module = await Test.createTestingModule({
        imports: [
          MessagingModule.forRoot({
            service: name,
            brokers: testInfra.kafkaBrokers(),
            registryUrl: testInfra.registryUrl(),
          }),
        ],
      }).compile();
      const context = await module.init();
      await context.get(MessagingLifecycle).prepare();
      producers.push(context);
      publishers.set(name, context.get(EventPublisher));
    }

    const codec = AvroCodec.connect(testInfra.registryUrl());
    kafka = new Kafka({ clientId: unique('orders-it'), brokers: testInfra.kafkaBrokers(), logLevel: logLevel.NOTHING });
    collector = kafka.consumer({ groupId: unique('orders-published') });
    await collector.connect();
    await collector.subscribe({ topics: [...PUBLISHED_TOPICS], fromBeginning: true });
    await collector.run({
      eachMessage: async ({ topic, partition, message }) => {
        const event = await codec.decode(topic as PublishedTopic, message.value);
        published.push({ topic: topic as PublishedTopic, event });
        consumed.set(`${topic}/${partition}`, Number(message.offset) + 1);
      },
    });
    db = createOrdersDatabase(createDatabasePool(testInfra.databaseUrl('orders'), 2));
  });

  afterAll(async () => {
    await collector?.disconnect();
    await Promise.all(producers.map((context) => context.close()));
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
    return (await eventuallyPublished(orderId, ORDER_PLACED_V1)).event as OrderPlacedV1;
  }

  function envelope(order: OrderPlacedV1) {
    return {
      eventId: randomUUID(),
      correlationId: order.correlationId,
      causationId: order.eventId,
      occurredAt: Date.now(),
      orderId: order.orderId,
    };
  }

  const answers = {
    reserved: (order: OrderPlacedV1): OutgoingEvent => ({
      topic: INVENTORY_RESERVED_V1,
      event: { ...envelope(order), lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })) },
    }),
    rejected: (order: OrderPlacedV1): OutgoingEvent => ({
      topic: INVENTORY_REJECTED_V1,
      event: { ...envelope(order), reason: 'OUT_OF_STOCK', sku: 'MUG', detail: 'sku MUG: 3 requested, 1 available' },
    }),
    released: (order: OrderPlacedV1): OutgoingEvent => ({
      topic: INVENTORY_RELEASED_V1,
      event: { ...envelope(order), lines: [], reason: 'ORDER_REJECTED', wasSold: false },
    }),
    fraud: (order: OrderPlacedV1, decision: 'APPROVED' | 'REJECTED'): OutgoingEvent => ({
      topic: FRAUD_CHECK_COMPLETED_V1,
      event: {
        ...envelope(order),
        customerId: order.customerId,
        decision,
        score: decision === 'APPROVED' ? 5 : 95,
        reasons: decision === 'APPROVED' ? [] : ['BLOCKLISTED_CUSTOMER'],
        totalAmount: order.totalAmount,
        currency: order.currency,
      },
    }),
    authorized: (order: OrderPlacedV1): OutgoingEvent => ({
      topic: PAYMENT_AUTHORIZED_V1,
      event: {
        ...envelope(order),
        paymentId: randomUUID(),
        customerId: order.customerId,
        amount: order.totalAmount,
        currency: order.currency,
      },
    }),
    declined: (order: OrderPlacedV1): OutgoingEvent => ({
      topic: PAYMENT_DECLINED_V1,
      event: {
        ...envelope(order),
        customerId: order.customerId,
        reason: 'INSUFFICIENT_FUNDS',
        amount: order.totalAmount,
        currency: order.currency,
      },
    }),
    refunded: (order: OrderPlacedV1): OutgoingEvent => ({
      topic: PAYMENT_REFUNDED_V1,
      event: {
        ...envelope(order),
        paymentId: randomUUID(),
        customerId: order.customerId,
        amount: order.totalAmount,
        currency: order.currency,
        reason: 'ORDER_CANCELLED',
      },
    }),
  };

  const PRODUCER_OF: Record<string, (typeof PRODUCERS)[number]> = {
    [INVENTORY_RESERVED_V1]: 'inventory',
    [INVENTORY_REJECTED_V1]: 'inventory',
    [INVENTORY_RELEASED_V1]: 'inventory',
    [FRAUD_CHECK_COMPLETED_V1]: 'fraud-detection',
    [PAYMENT_AUTHORIZED_V1]: 'payments',
    [PAYMENT_DECLINED_V1]: 'payments',
    [PAYMENT_REFUNDED_V1]: 'payments',
  };

  /** Publishes each event as the service that owns its topic would. */
  async function when(...events: OutgoingEvent[]): Promise<void> {
    for (const event of events) await publishers.get(PRODUCER_OF[event.topic])?.publish([event]);
  }

  function publishedFor(orderId: string): Published[] {
    return published.filter((p) => p.event.orderId === orderId);
  }

  async function eventuallyPublished(orderId: string, topic: PublishedTopic): Promise<Published> {
    let found: Published | undefined;
    await eventually(
      () => {
        found = publishedFor(orderId).find((p) => p.topic === topic);
        expect(found).toBeDefined();
      },
      { ...WAIT, description: `${topic} for ${orderId}` },
    );
    return found as Published;
  }

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

  /** Waits until the service consumed these events (they are in its inbox). */
  async function consumedAll(...events: OutgoingEvent[]): Promise<void> {
    const ids = [...new Set(events.map((e) => e.event.eventId))];
    await eventually(
      async () =>
        expect(await db.inboxEvent.count({ where: { consumerGroup: 'orders', eventId: { in: ids } } })).toBe(
          ids.length,
        ),
      { ...WAIT, description: `${ids.length} events consumed by orders` },
    );
  }

  /**
   * Waits until everything orders committed for these orders is published and
   * read back. After this, a missing event was never sent.
   */
  async function allPublishedRead(...orderIds: string[]): Promise<void> {
    await eventually(async () => expect(await db.outboxEvent.count({ where: { key: { in: orderIds } } })).toBe(0), {
      ...WAIT,
      description: 'the outbox relayed',
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await Promise.all(
        PUBLISHED_TOPICS.map(async (topic) =>
          (await admin.fetchTopicOffsets(topic)).map((p) => ({ key: `${topic}/${p.partition}`, end: Number(p.high) })),
        ),
      );
      await eventually(() => expect(ends.flat().filter(({ key, end }) => (consumed.get(key) ?? 0) < end)).toEqual([]), {
        ...WAIT,
        description: 'the collector at the end of the published topics',
      });
    } finally {
      await admin.disconnect();
    }
  }

  function topicsFor(orderId: string): PublishedTopic[] {
    return publishedFor(orderId).map((p) => p.topic);
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

    const reserved = answers.reserved(order);
    const approved = answers.fraud(order, 'APPROVED');
    await when(reserved, approved);

    const request = await eventuallyPublished(order.orderId, PAYMENT_REQUESTED_V1);
    expect(request.event).toMatchObject({
      correlationId,
      causationId: expect.stringMatching(`^(${reserved.event.eventId}|${approved.event.eventId})$`) as string,
      customerId: order.customerId,
      amount: 7_100,
      currency: 'EUR',
      paymentToken: 'tok_visa_DE',
    });

    const authorized = answers.authorized(order);
    await when(authorized);
    const confirmed = await eventuallyPublished(order.orderId, ORDER_CONFIRMED_V1);
    expect(confirmed.event).toMatchObject({
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
    const rejected = answers.rejected(order);
    await when(rejected);

    const rejection = await eventuallyPublished(order.orderId, ORDER_REJECTED_V1);
    expect(rejection.event).toMatchObject({
      causationId: rejected.event.eventId,
      reason: 'OUT_OF_STOCK',
      detail: 'sku MUG: 3 requested, 1 available',
      customerId: order.customerId,
      totalAmount: 7_100,
      currency: 'EUR',
    });
    const late = [answers.fraud(order, 'APPROVED'), answers.released(order)];
    await when(...late);
    await consumedAll(...late);

    await allPublishedRead(order.orderId);
    expect(topicsFor(order.orderId)).toEqual([ORDER_PLACED_V1, ORDER_REJECTED_V1]);
    const final = await orderNamed(order.orderId);
    expect(final).toMatchObject({ status: 'REJECTED', reason: 'OUT_OF_STOCK' });
    // The two late answers travel on different topics: either may be recorded first.
    const types = final.timeline.map((t) => t.type);
    expect(types.slice(0, 3)).toEqual(['OrderPlaced', 'InventoryRejected', 'OrderRejected']);
    expect([...types.slice(3)].sort()).toEqual(['FraudCheckCompleted', 'InventoryReleased']);
  });

  it('rejects as FRAUD_SUSPECTED when fraud-detection rejects', async () => {
    const order = await givenOrder();
    await when(answers.reserved(order), answers.fraud(order, 'REJECTED'));
    expect((await eventuallyPublished(order.orderId, ORDER_REJECTED_V1)).event).toMatchObject({
      reason: 'FRAUD_SUSPECTED',
      detail: 'BLOCKLISTED_CUSTOMER',
    });
    expect(await eventuallyStatus(order.orderId, 'REJECTED')).toMatchObject({ reason: 'FRAUD_SUSPECTED' });
  });

  it('requests payment once for answers in reverse order and duplicated, and rejects a declined payment', async () => {
    const order = await givenOrder();
    const approved = answers.fraud(order, 'APPROVED');
    const reserved = answers.reserved(order);
    await when(approved, approved, reserved, answers.fraud(order, 'APPROVED'), reserved);
    await eventuallyPublished(order.orderId, PAYMENT_REQUESTED_V1);
    const declined = answers.declined(order);
    await when(declined, declined);

    expect((await eventuallyPublished(order.orderId, ORDER_REJECTED_V1)).event).toMatchObject({
      causationId: declined.event.eventId,
      reason: 'PAYMENT_DECLINED',
      detail: 'INSUFFICIENT_FUNDS',
    });
    await consumedAll(declined);
    await allPublishedRead(order.orderId);
    expect(topicsFor(order.orderId)).toEqual([ORDER_PLACED_V1, PAYMENT_REQUESTED_V1, ORDER_REJECTED_V1]);
    const final = await orderNamed(order.orderId);
    expect(final).toMatchObject({ status: 'REJECTED', reason: 'PAYMENT_DECLINED' });
    expect(final.timeline.filter((t) => t.type === 'PaymentDeclined')).toHaveLength(1);
  });

  it('never requests payment twice when the answers of many orders arrive in parallel, duplicated', async () => {
    const orders = await Promise.all(Array.from({ length: 10 }, () => givenOrder()));
    const reserved = orders.map(answers.reserved);
    const approved = orders.map((order) => answers.fraud(order, 'APPROVED'));
    const again = orders.map((order) => answers.fraud(order, 'APPROVED'));

    await Promise.all([
      publishers.get('inventory')?.publish([...reserved, ...reserved]),
      publishers.get('fraud-detection')?.publish(approved),
      publishers.get('fraud-detection')?.publish(again),
    ]);
    await consumedAll(...reserved, ...approved, ...again);

    const orderIds = orders.map((o) => o.orderId);
    await allPublishedRead(...orderIds);
    for (const orderId of orderIds) {
      expect({ orderId, topics: topicsFor(orderId) }).toEqual({
        orderId,
        topics: [ORDER_PLACED_V1, PAYMENT_REQUESTED_V1],
      });
    }
  });

  it('cancels over HTTP, publishes OrderCancelled and only records a later authorization and refund', async () => {
    const order = await givenOrder();
    await when(answers.reserved(order), answers.fraud(order, 'APPROVED'));
    await eventuallyPublished(order.orderId, PAYMENT_REQUESTED_V1);

    const response = await fetch(`${service.url}/orders/${order.orderId}/cancel`, {
      method: 'POST',
      headers: { 'x-correlation-id': 'corr-cancel' },
    });
    expect(response.status).toBe(202);
    expect((await eventuallyPublished(order.orderId, ORDER_CANCELLED_V1)).event).toMatchObject({
      correlationId: 'corr-cancel',
      causationId: null,
      customerId: order.customerId,
      totalAmount: 7_100,
      currency: 'EUR',
    });

    const late = [answers.authorized(order), answers.refunded(order)];
    await when(...late);
    await consumedAll(...late);
    await allPublishedRead(order.orderId);
    expect(topicsFor(order.orderId)).toEqual([ORDER_PLACED_V1, PAYMENT_REQUESTED_V1, ORDER_CANCELLED_V1]);
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
    const reserved = answers.reserved(order);
    await when(reserved);
    await consumedAll(reserved);

    const approved = answers.fraud(order, 'APPROVED');
    const [cancel] = await Promise.all([
      fetch(`${service.url}/orders/${order.orderId}/cancel`, { method: 'POST' }),
      when(approved),
    ]);
    expect(cancel.status).toBe(202);
    await consumedAll(approved);
    await allPublishedRead(order.orderId);

    const topics = topicsFor(order.orderId);
    const types = (await orderNamed(order.orderId)).timeline.map((t) => t.type);
    const cancelWon = types.indexOf('OrderCancelled') < types.indexOf('FraudCheckCompleted');
    expect(topics).toEqual(
      cancelWon ? [ORDER_PLACED_V1, ORDER_CANCELLED_V1] : [ORDER_PLACED_V1, PAYMENT_REQUESTED_V1, ORDER_CANCELLED_V1],
    );
  });

  it('clears the payment token once payment is requested or the order is final', async () => {
    const paid = await givenOrder();
    const rejected = await givenOrder();
    await when(answers.reserved(paid), answers.fraud(paid, 'APPROVED'), answers.rejected(rejected));
    await eventuallyPublished(paid.orderId, PAYMENT_REQUESTED_V1);
    await eventuallyPublished(rejected.orderId, ORDER_REJECTED_V1);

    const tokens = await db.order.findMany({
      where: { id: { in: [paid.orderId, rejected.orderId] } },
      select: { paymentToken: true },
    });
    expect(tokens).toEqual([{ paymentToken: null }, { paymentToken: null }]);
  });
});
