import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  FRAUD_CHECK_COMPLETED_V1,
  INVENTORY_RESERVED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_REQUESTED_V1,
  type EventsByTopic,
  type OrderPlacedV1,
} from '@surge/contracts';
import { AvroCodec, EventPublisher, MessagingLifecycle, MessagingModule, type OutgoingEvent } from '@surge/messaging';
import { loadConfig, startService } from '@surge/platform';
import {
  committedMigrations,
  eventually,
  sampleValue,
  scrape,
  startSpareKafka,
  testInfra,
  unique,
} from '@surge/testing';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { AppModule } from '../app.module';
import { createOrdersDatabase, type OrdersDatabase } from '../database';
import { loadOrdersConfig } from '../orders.config';

/** Short enough for a test, long enough for an order answered at once to be confirmed in time on a busy machine. */
const DEADLINE_MS = 5_000;
const SWEEP_MS = 200;
const WAIT = { timeoutMs: 45_000 };
const APP_DIR = path.resolve(__dirname, '../..');

const PUBLISHED_TOPICS = [ORDER_PLACED_V1, PAYMENT_REQUESTED_V1, ORDER_CONFIRMED_V1, ORDER_REJECTED_V1] as const;
type PublishedTopic = (typeof PUBLISHED_TOPICS)[number];

interface Published {
  topic: PublishedTopic;
  event: EventsByTopic[PublishedTopic];
}

interface OrderBody {
  status: string;
  reason?: string;
  timeline: { type: string; at: string }[];
}

/**
 * A database of this file's own, with orders' committed migrations. An orders
 * replica with a deadline this short would time out the orders of every other
 * test sharing the run's database (and its broker's consumer group), so this
 * file has both to itself.
 */
async function ownOrdersDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `surge_orders_deadline_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = new URL(testInfra.adminUrl());
  url.pathname = `/${name}`;
  const asAdmin = async (connectionString: string, work: (client: Client) => Promise<unknown>) => {
    const client = new Client({ connectionString });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  await asAdmin(testInfra.adminUrl(), (client) => client.query(`CREATE DATABASE ${name}`));
  await asAdmin(url.toString(), async (client) => {
    for (const migration of committedMigrations(APP_DIR)) {
      await client.query(readFileSync(path.join(APP_DIR, 'prisma', 'migrations', migration, 'migration.sql'), 'utf8'));
    }
  });
  return {
    url: url.toString(),
    drop: () => asAdmin(testInfra.adminUrl(), (client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`)),
  };
}

describe('the saga deadline', () => {
  let broker: Awaited<ReturnType<typeof startSpareKafka>>;
  let database: Awaited<ReturnType<typeof ownOrdersDatabase>>;
  let app: INestApplication;
  let url: string;
  let db: OrdersDatabase;
  let kafka: Kafka;
  let collector: Consumer;
  const producers: INestApplicationContext[] = [];
  const publishers = new Map<string, EventPublisher>();
  const published: Published[] = [];
  /** Next offset to read, per topic and partition, as far as the collector got. */
  const consumed = new Map<string, number>();

  beforeAll(async () => {
    [broker, database] = await Promise.all([startSpareKafka(), ownOrdersDatabase()]);
    const config = loadConfig('orders', {
      PORT: '0',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: broker.brokers.join(','),
      SCHEMA_REGISTRY_URL: testInfra.registryUrl(),
      LOG_LEVEL: 'error',
    });
    const orders = loadOrdersConfig({
      SAGA_DEADLINE_MS: String(DEADLINE_MS),
      SAGA_DEADLINE_SWEEP_MS: String(SWEEP_MS),
    });
    app = await startService(AppModule.register(config, orders), config);
    url = await app.getUrl();
    db = createOrdersDatabase(createDatabasePool(database.url, 2));

    for (const name of ['inventory', 'fraud-detection', 'payments'] as const) {
      const module = await Test.createTestingModule({
        imports: [
          MessagingModule.forRoot({ service: name, brokers: broker.brokers, registryUrl: testInfra.registryUrl() }),
        ],
      }).compile();
      const context = await module.init();
      await context.get(MessagingLifecycle).prepare();
      producers.push(context);
      publishers.set(name, context.get(EventPublisher));
    }

    const codec = AvroCodec.connect(testInfra.registryUrl());
    kafka = new Kafka({ clientId: unique('deadline-it'), brokers: broker.brokers, logLevel: logLevel.NOTHING });
    collector = kafka.consumer({ groupId: unique('deadline-published') });
    await collector.connect();
    await collector.subscribe({ topics: [...PUBLISHED_TOPICS], fromBeginning: true });
    await collector.run({
      eachMessage: async ({ topic, partition, message }) => {
        published.push({
          topic: topic as PublishedTopic,
          event: await codec.decode(topic as PublishedTopic, message.value),
        });
        consumed.set(`${topic}/${partition}`, Number(message.offset) + 1);
      },
    });
  }, 180_000);

  afterAll(async () => {
    await collector?.disconnect();
    await Promise.all(producers.map((context) => context.close()));
    await app?.close();
    await db?.$disconnect();
    await database?.drop();
    await broker?.stop();
  });

  // ---- given / when / then ----

  async function givenOrder(correlationId: string = randomUUID()): Promise<OrderPlacedV1> {
    const response = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
      body: JSON.stringify({
        customerId: unique('customer'),
        currency: 'EUR',
        items: [{ sku: 'KETTLE-01', quantity: 2, unitPrice: 2_500 }],
        payment: { token: 'tok_visa' },
        shippingAddress: { country: 'AT' },
      }),
    });
    expect(response.status).toBe(202);
    const { orderId } = (await response.json()) as { orderId: string };
    return eventuallyPublished(orderId, ORDER_PLACED_V1);
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
    approved: (order: OrderPlacedV1): OutgoingEvent => ({
      topic: FRAUD_CHECK_COMPLETED_V1,
      event: {
        ...envelope(order),
        customerId: order.customerId,
        decision: 'APPROVED',
        score: 5,
        reasons: [],
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
  };

  const PRODUCER_OF: Record<string, string> = {
    [INVENTORY_RESERVED_V1]: 'inventory',
    [FRAUD_CHECK_COMPLETED_V1]: 'fraud-detection',
    [PAYMENT_AUTHORIZED_V1]: 'payments',
  };

  /** Publishes each event as the service that owns its topic would. */
  async function when(...events: OutgoingEvent[]): Promise<void> {
    for (const event of events) await publishers.get(PRODUCER_OF[event.topic])?.publish([event]);
  }

  function topicsFor(orderId: string): PublishedTopic[] {
    return published.filter((p) => p.event.orderId === orderId).map((p) => p.topic);
  }

  async function eventuallyPublished<T extends PublishedTopic>(orderId: string, topic: T): Promise<EventsByTopic[T]> {
    return eventually(
      () => {
        const found = published.find((p) => p.event.orderId === orderId && p.topic === topic);
        expect(found).toBeDefined();
        return found?.event as EventsByTopic[T];
      },
      { ...WAIT, description: `${topic} for ${orderId}` },
    );
  }

  async function orderNamed(orderId: string): Promise<OrderBody> {
    const response = await fetch(`${url}/orders/${orderId}`);
    expect(response.status).toBe(200);
    return (await response.json()) as OrderBody;
  }

  /** Waits until orders consumed these events (they are in its inbox). */
  async function consumedAll(...events: OutgoingEvent[]): Promise<void> {
    const ids = events.map((e) => e.event.eventId);
    await eventually(
      async () =>
        expect(await db.inboxEvent.count({ where: { consumerGroup: 'orders', eventId: { in: ids } } })).toBe(
          ids.length,
        ),
      { ...WAIT, description: `${ids.length} events consumed by orders` },
    );
  }

  /** Waits until everything orders committed for these orders is published and read back. */
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

  async function timeoutsCounted(): Promise<number> {
    const counted = sampleValue(await scrape(url), 'surge_saga_timeouts_total', { service: 'orders' });
    if (counted === undefined) throw new Error('surge_saga_timeouts_total is not exposed');
    return counted;
  }

  // ---- the rules ----

  it('rejects an order nobody answered as TIMEOUT once the deadline passed, and publishes OrderRejected', async () => {
    const timeoutsBefore = await timeoutsCounted();
    const timedOutOutcomes = async () =>
      sampleValue(await scrape(url), 'surge_saga_outcomes_total', { outcome: 'REJECTED', reason: 'TIMEOUT' }) ?? 0;
    const outcomesBefore = await timedOutOutcomes();
    const correlationId = unique('corr');
    const order = await givenOrder(correlationId);

    const rejected = await eventuallyPublished(order.orderId, ORDER_REJECTED_V1);
    expect(rejected).toMatchObject({
      correlationId,
      causationId: null,
      reason: 'TIMEOUT',
      detail: 'no answer from inventory and fraud-detection before the deadline',
      customerId: order.customerId,
      totalAmount: 5_000,
      currency: 'EUR',
    });
    expect(rejected.occurredAt - order.occurredAt).toBeGreaterThanOrEqual(DEADLINE_MS);

    const final = await orderNamed(order.orderId);
    expect(final).toMatchObject({ status: 'REJECTED', reason: 'TIMEOUT' });
    expect(final.timeline.map((t) => t.type)).toEqual(['OrderPlaced', 'OrderRejected']);
    expect(await db.order.findUnique({ where: { id: order.orderId }, select: { paymentToken: true } })).toEqual({
      paymentToken: null,
    });
    expect(await timeoutsCounted()).toBe(timeoutsBefore + 1);
    expect(await timedOutOutcomes()).toBe(outcomesBefore + 1);
  });

  it('keeps an order that timed out waiting for payment REJECTED when the authorization comes late', async () => {
    const order = await givenOrder();
    await when(answers.reserved(order), answers.approved(order));
    await eventuallyPublished(order.orderId, PAYMENT_REQUESTED_V1);

    expect(await eventuallyPublished(order.orderId, ORDER_REJECTED_V1)).toMatchObject({
      reason: 'TIMEOUT',
      detail: 'no answer from payments before the deadline',
    });
    const late = answers.authorized(order);
    await when(late);
    await consumedAll(late);

    await allPublishedRead(order.orderId);
    expect(topicsFor(order.orderId)).toEqual([ORDER_PLACED_V1, PAYMENT_REQUESTED_V1, ORDER_REJECTED_V1]);
    const final = await orderNamed(order.orderId);
    expect(final).toMatchObject({ status: 'REJECTED', reason: 'TIMEOUT' });
    expect(final.timeline.map((t) => t.type).slice(-2)).toEqual(['OrderRejected', 'PaymentAuthorized']);
  });

  it('never times out an order confirmed in time', async () => {
    const confirmed = await givenOrder();
    // Placed after it and never answered: once this one timed out, a sweep has looked past the other's deadline.
    const later = await givenOrder();
    const validations = [answers.reserved(confirmed), answers.approved(confirmed)];
    await when(...validations);
    await consumedAll(...validations);
    await when(answers.authorized(confirmed));
    await eventuallyPublished(confirmed.orderId, ORDER_CONFIRMED_V1);

    await eventuallyPublished(later.orderId, ORDER_REJECTED_V1);

    await allPublishedRead(confirmed.orderId, later.orderId);
    expect(topicsFor(confirmed.orderId)).toEqual([ORDER_PLACED_V1, PAYMENT_REQUESTED_V1, ORDER_CONFIRMED_V1]);
    expect(await orderNamed(confirmed.orderId)).toMatchObject({ status: 'CONFIRMED' });
  });
});
