import { createDatabasePool } from '@surge/persistence';
import { FRAUD_CHECK_COMPLETED_V1, ORDER_PLACED_V1, type OrderPlacedV1 } from '@surge/contracts';
import { DEAD_LETTER_HEADER, deadLetterTopic } from '@surge/messaging';
import { anOrderPlaced, collectRaw, eventually, testInfra, unique } from '@surge/testing';
import { type RunningService, type ServiceHarness, startServiceApp, startServiceHarness } from '@surge/service-testing';
import { AppModule } from '../app.module';
import { createFraudDetectionDatabase, type FraudDetectionDatabase } from '../database';

/** The consumer group of the service's OrderPlaced handler (the service name). */
const GROUP = 'fraud-detection';
const SECOND = 1_000;
/** Event times an hour in the past: the velocity rule must go by them, not by the clock. */
const AN_HOUR_AGO = Date.now() - 3_600 * SECOND;

describe('fraud-detection consuming OrderPlaced', () => {
  let service: RunningService;
  let db: FraudDetectionDatabase;
  let harness: ServiceHarness<typeof FRAUD_CHECK_COMPLETED_V1>;

  beforeAll(async () => {
    service = await startServiceApp('fraud-detection', AppModule);
    db = createFraudDetectionDatabase(createDatabasePool(testInfra.databaseUrl('fraud-detection'), 2));
    harness = await startServiceHarness({
      service: 'fraud-detection',
      group: GROUP,
      neighbours: ['orders'],
      publishes: [FRAUD_CHECK_COMPLETED_V1],
      timeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    await harness?.close();
    await service?.close();
    await db?.$disconnect();
  });

  const place = (event: OrderPlacedV1) => harness.publish({ topic: ORDER_PLACED_V1, event });
  const eventsAbout = (orderId: string) => harness.published.about(orderId).map((c) => c.event);
  const checkOf = (orderId: string) => db.fraudCheck.findUnique({ where: { orderId } });
  const consumed = (eventId: string) => db.inboxEvent.count({ where: { consumerGroup: GROUP, eventId } });

  async function placeAndAwaitCheck(event: OrderPlacedV1) {
    await place(event);
    return eventually(
      async () => {
        const check = await checkOf(event.orderId);
        expect(check).not.toBeNull();
        return check!;
      },
      { timeoutMs: 30_000, description: `the check of order ${event.orderId}` },
    );
  }

  it('stores a check of a placed order and publishes FraudCheckCompleted', async () => {
    const order = anOrderPlaced({
      customerId: unique('customer'),
      totalAmount: 4_000,
      currency: 'USD',
      cardCountry: 'US',
      shippingCountry: 'US',
    });

    await place(order);

    await eventually(() => expect(eventsAbout(order.orderId)).toHaveLength(1), {
      timeoutMs: 30_000,
      description: 'a FraudCheckCompleted about the order',
    });
    expect(eventsAbout(order.orderId)[0]).toMatchObject({
      correlationId: order.correlationId,
      causationId: order.eventId,
      orderId: order.orderId,
      customerId: order.customerId,
      decision: 'APPROVED',
      reasons: [],
      totalAmount: 4_000,
      currency: 'USD',
    });
    expect(await checkOf(order.orderId)).toMatchObject({
      customerId: order.customerId,
      decision: 'APPROVED',
      score: eventsAbout(order.orderId)[0].score,
      reasons: [],
      totalAmount: 4_000n,
      currency: 'USD',
      occurredAt: new Date(order.occurredAt),
    });
  });

  it('checks an order delivered twice once, and publishes one decision', async () => {
    const order = anOrderPlaced({
      customerId: unique('customer'),
      cardCountry: 'US',
      shippingCountry: 'FR',
      totalAmount: 150_000,
    });

    await place(order);
    await place(order);
    // The same order under a new event id (a republished OrderPlaced) is not checked again either.
    const sameOrder = { ...order, eventId: anOrderPlaced().eventId };
    await place(sameOrder);

    // Later events on the same partition (same key) prove the earlier ones were consumed.
    await harness.consumed(sameOrder);
    expect(await consumed(order.eventId)).toBe(1);
    expect(await db.fraudCheck.count({ where: { orderId: order.orderId } })).toBe(1);
    const marker = anOrderPlaced({ customerId: unique('customer') });
    await placeAndAwaitCheck(marker);
    await eventually(() => expect(eventsAbout(marker.orderId)).toHaveLength(1), {
      description: 'a later decision published',
    });
    expect(eventsAbout(order.orderId)).toEqual([
      expect.objectContaining({ decision: 'REJECTED', reasons: ['COUNTRY_MISMATCH'], score: 60 }),
    ]);
  });

  it('rejects the 6th order of a customer within 60 seconds of event time', async () => {
    const customerId = unique('customer');
    const orders = Array.from({ length: 6 }, (_, i) =>
      anOrderPlaced({ customerId, occurredAt: AN_HOUR_AGO + i * 10 * SECOND }),
    );

    const checks = [];
    for (const order of orders) checks.push(await placeAndAwaitCheck(order));

    expect(checks.map((check) => check.decision)).toEqual([
      'APPROVED',
      'APPROVED',
      'APPROVED',
      'APPROVED',
      'APPROVED',
      'REJECTED',
    ]);
    expect(checks[5].reasons).toEqual(['VELOCITY_EXCEEDED']);
  });

  it('approves 6 orders of a customer spread over more than 60 seconds', async () => {
    const customerId = unique('customer');
    const orders = Array.from({ length: 6 }, (_, i) =>
      anOrderPlaced({ customerId, occurredAt: AN_HOUR_AGO + i * 15 * SECOND }),
    );

    const checks = [];
    for (const order of orders) checks.push(await placeAndAwaitCheck(order));

    expect(checks.map((check) => check.decision)).toEqual(Array(6).fill('APPROVED'));
  });

  it('scores a late delivery by when it was placed, and counts it for later orders', async () => {
    const customerId = unique('customer');
    const at = (seconds: number) => anOrderPlaced({ customerId, occurredAt: AN_HOUR_AGO + seconds * SECOND });
    for (const seconds of [10, 20, 30, 40, 50]) await placeAndAwaitCheck(at(seconds));

    const late = await placeAndAwaitCheck(at(0));
    const next = await placeAndAwaitCheck(at(55));

    // Placed before the other five: only itself is in (t - 60 s, t].
    expect(late.decision).toBe('APPROVED');
    // Seven orders within (t - 60 s, t], the late one included.
    expect(next).toMatchObject({ decision: 'REJECTED', reasons: ['VELOCITY_EXCEEDED'] });
  });

  it('dead-letters an OrderPlaced that can never be checked, at the first attempt', async () => {
    const poison = anOrderPlaced({ customerId: unique('customer'), totalAmount: -1 });
    const deadLetters = await collectRaw(deadLetterTopic(GROUP));
    try {
      await place(poison);

      await eventually(() => expect(deadLetters.withEventId(poison.eventId)).toHaveLength(1), {
        timeoutMs: 30_000,
        description: 'the poison event dead-lettered',
      });
      expect(deadLetters.withEventId(poison.eventId)[0].headers).toMatchObject({
        [DEAD_LETTER_HEADER.topic]: ORDER_PLACED_V1,
        [DEAD_LETTER_HEADER.attempts]: '1',
      });
      expect(await checkOf(poison.orderId)).toBeNull();
    } finally {
      await deadLetters.close();
    }
  });

  it('rejects an order of a customer blocklisted over HTTP', async () => {
    const customerId = unique('customer');
    const response = await fetch(`${service.url}/blocklist`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId }),
    });
    expect(response.status).toBe(201);

    const check = await placeAndAwaitCheck(anOrderPlaced({ customerId }));

    expect(check).toMatchObject({ decision: 'REJECTED', score: 100, reasons: ['BLOCKLISTED_CUSTOMER'] });
  });
});
