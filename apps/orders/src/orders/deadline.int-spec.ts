import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_REQUESTED_V1,
  type OrderPlacedV1,
} from '@surge/contracts';
import type { OutgoingEvent } from '@surge/messaging';
import { loadConfig, startService } from '@surge/platform';
import { committedMigrations, sampleValue, scrape, startSpareKafka, testInfra, unique } from '@surge/testing';
import { type ServiceHarness, sagaAnswers, startServiceHarness } from '@surge/service-testing';
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
  let harness: ServiceHarness<PublishedTopic>;

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

    harness = await startServiceHarness({
      service: 'orders',
      neighbours: ['inventory', 'fraud-detection', 'payments'],
      publishes: PUBLISHED_TOPICS,
      brokers: broker.brokers,
      databaseUrl: database.url,
      ...WAIT,
    });
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
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
    return harness.published.eventuallyAbout(orderId, ORDER_PLACED_V1);
  }

  /** Publishes each event as the service that owns its topic would. */
  const when = (...events: OutgoingEvent[]) => harness.publish(...events);
  const eventuallyPublished = <T extends PublishedTopic>(orderId: string, topic: T) =>
    harness.published.eventuallyAbout(orderId, topic);

  async function orderNamed(orderId: string): Promise<OrderBody> {
    const response = await fetch(`${url}/orders/${orderId}`);
    expect(response.status).toBe(200);
    return (await response.json()) as OrderBody;
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
    await when(sagaAnswers.reserved(order), sagaAnswers.fraud(order, 'APPROVED'));
    await eventuallyPublished(order.orderId, PAYMENT_REQUESTED_V1);

    expect(await eventuallyPublished(order.orderId, ORDER_REJECTED_V1)).toMatchObject({
      reason: 'TIMEOUT',
      detail: 'no answer from payments before the deadline',
    });
    const late = sagaAnswers.authorized(order);
    await when(late);
    await harness.consumed(late);

    await harness.relayedAndRead(order.orderId);
    expect(harness.published.topicsAbout(order.orderId)).toEqual([
      ORDER_PLACED_V1,
      PAYMENT_REQUESTED_V1,
      ORDER_REJECTED_V1,
    ]);
    const final = await orderNamed(order.orderId);
    expect(final).toMatchObject({ status: 'REJECTED', reason: 'TIMEOUT' });
    expect(final.timeline.map((t) => t.type).slice(-2)).toEqual(['OrderRejected', 'PaymentAuthorized']);
  });

  it('never times out an order confirmed in time', async () => {
    const confirmed = await givenOrder();
    // Placed after it and never answered: once this one timed out, a sweep has looked past the other's deadline.
    const later = await givenOrder();
    const validations = [sagaAnswers.reserved(confirmed), sagaAnswers.fraud(confirmed, 'APPROVED')];
    await when(...validations);
    await harness.consumed(...validations);
    await when(sagaAnswers.authorized(confirmed));
    await eventuallyPublished(confirmed.orderId, ORDER_CONFIRMED_V1);

    await eventuallyPublished(later.orderId, ORDER_REJECTED_V1);

    await harness.relayedAndRead(confirmed.orderId, later.orderId);
    expect(harness.published.topicsAbout(confirmed.orderId)).toEqual([
      ORDER_PLACED_V1,
      PAYMENT_REQUESTED_V1,
      ORDER_CONFIRMED_V1,
    ]);
    expect(await orderNamed(confirmed.orderId)).toMatchObject({ status: 'CONFIRMED' });
  });
});
