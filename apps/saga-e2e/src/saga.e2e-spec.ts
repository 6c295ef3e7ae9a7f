import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ORDER_PLACED_V1, SERVICES } from '@surge/contracts';
import {
  eventually,
  produceRaw,
  type RunningSurge,
  sampleValue,
  scrape,
  SurgeClient,
  startSurge,
  startTraceCollector,
  type TraceCollector,
  unique,
} from '@surge/testing';
import { sagaDsl } from './saga-dsl';

/**
 * The order saga of docs/DESIGN.md, end to end: the five services as processes,
 * reached only through their public REST APIs, on real Kafka, registry and
 * PostgreSQL.
 */
describe('the order saga', () => {
  let surge: RunningSurge;
  let api: SurgeClient;
  let traces: TraceCollector;

  beforeAll(async () => {
    // Every service exports its spans over OTLP/HTTP to a receiver in this process, every 200 ms.
    traces = await startTraceCollector();
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: traces.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    surge = await startSurge({ env: Object.fromEntries(SERVICES.map((service) => [service, tracing])) });
    api = new SurgeClient(surge.urls);
  }, 180_000);

  afterAll(async () => {
    await surge?.stop();
    await traces?.close();
  });

  const { given, anOrder, when, then } = sagaDsl(() => api);

  it('confirms an order that is in stock, approved and paid', async () => {
    const kettle = await given.product({ stock: 5, unitPrice: 2_500 });

    const orderId = await when.placed(anOrder([[kettle, 2]]));

    const order = await then.orderIs(orderId, 'CONFIRMED');
    expect(order.totalAmount).toBe(5_000);
    expect(order.timeline.map((entry) => entry.type)).toEqual(
      expect.arrayContaining([
        'OrderPlaced',
        'InventoryReserved',
        'FraudCheckCompleted',
        'PaymentRequested',
        'PaymentAuthorized',
        'OrderConfirmed',
      ]),
    );
    expect((await api.payment(orderId)).body).toMatchObject({ status: 'AUTHORIZED', amount: 5_000, currency: 'EUR' });
    await then.stockOf(kettle.sku, { available: 3, reserved: 0, sold: 2 });
    await then.notified(orderId, 'ORDER_CONFIRMED');
  });

  it('shows every metric of the saga on /metrics, moving as orders flow and events fail', async () => {
    const scrapeAll = async () => ({
      orders: await scrape(surge.urls.orders),
      inventory: await scrape(surge.urls.inventory),
    });
    const before = await scrapeAll();
    const product = await given.product({ stock: 1 });

    const confirmed = await when.placed(anOrder([[product, 1]]));
    await then.orderIs(confirmed, 'CONFIRMED');
    const rejected = await when.placed(anOrder([[product, 1]]));
    await then.orderIs(rejected, 'REJECTED', 'OUT_OF_STOCK');
    await produceRaw(ORDER_PLACED_V1, unique('not-avro'), 'inventory can never read this');

    const inventoryDeadLetters = { topic: ORDER_PLACED_V1, group: 'inventory' };
    const after = await eventually(
      async () => {
        const now = await scrapeAll();
        expect(sampleValue(now.inventory, 'surge_dead_letters_total', inventoryDeadLetters)).toBeGreaterThan(
          sampleValue(before.inventory, 'surge_dead_letters_total', inventoryDeadLetters) ?? 0,
        );
        return now;
      },
      { timeoutMs: 30_000, description: "inventory's dead letter counted" },
    );
    const moved = (service: 'orders' | 'inventory', name: string, labels: Record<string, string>) =>
      (sampleValue(after[service], name, labels) ?? 0) - (sampleValue(before[service], name, labels) ?? 0);
    const present = (service: 'orders' | 'inventory', name: string, labels: Record<string, string> = {}) =>
      sampleValue(after[service], name, labels);

    // Events consumed and produced per topic, handler latency, retries and dead letters per topic.
    expect(
      moved('orders', 'surge_events_produced_total', { topic: ORDER_PLACED_V1, service: 'orders' }),
    ).toBeGreaterThanOrEqual(2);
    const reserved = { topic: 'inventory.inventory-reserved.v1', group: 'orders' };
    expect(moved('orders', 'surge_events_consumed_total', { ...reserved, outcome: 'handled' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(moved('orders', 'surge_event_handler_duration_seconds_count', reserved)).toBeGreaterThanOrEqual(1);
    expect(
      moved('inventory', 'surge_events_consumed_total', { ...inventoryDeadLetters, outcome: 'dead_lettered' }),
    ).toBeGreaterThanOrEqual(1);
    expect(present('orders', 'surge_event_retries_total', { ...reserved, tier: '1' })).toBeGreaterThanOrEqual(0);
    expect(present('orders', 'surge_dead_letters_total', reserved)).toBeGreaterThanOrEqual(0);
    // Saga outcomes by reason, and the sagas still open.
    expect(
      moved('orders', 'surge_saga_outcomes_total', { outcome: 'CONFIRMED', reason: 'none' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      moved('orders', 'surge_saga_outcomes_total', { outcome: 'REJECTED', reason: 'OUT_OF_STOCK' }),
    ).toBeGreaterThanOrEqual(1);
    expect(present('orders', 'surge_saga_pending_orders')).toBeGreaterThanOrEqual(0);
    expect(present('orders', 'surge_saga_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    // Outbox backlog and the age of its oldest row; consumer lag per partition.
    expect(present('orders', 'surge_outbox_backlog')).toBeGreaterThanOrEqual(0);
    expect(present('orders', 'surge_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    for (const partition of ['0', '1', '2', '3', '4', '5']) {
      expect(present('orders', 'surge_consumer_lag', { ...reserved, partition })).toBeGreaterThanOrEqual(0);
      expect(
        present('inventory', 'surge_consumer_lag', { topic: ORDER_PLACED_V1, group: 'inventory', partition }),
      ).toBeGreaterThanOrEqual(0);
    }
    // HTTP request rates and latencies, by route.
    const placements = { method: 'POST', route: '/orders' };
    expect(moved('orders', 'http_requests_total', { ...placements, status: '202' })).toBeGreaterThanOrEqual(2);
    expect(moved('orders', 'http_request_duration_seconds_count', placements)).toBeGreaterThanOrEqual(2);
  });

  it('makes each order one trace, from the caller through all five services, and logs its trace id', async () => {
    const product = await given.product({ stock: 20 });
    // Placed at once, so that they share group commits and consumer batches: each must still keep its own trace.
    const callers = Array.from({ length: 6 }, () => ({
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
    }));
    const placed = await Promise.all(
      callers.map(async (caller) => {
        const answer = await api.call<{ orderId: string }>('orders', 'POST', '/orders', anOrder([[product, 1]]), {
          traceparent: `00-${caller.traceId}-${caller.spanId}-01`,
        });
        expect(answer.status).toBe(202);
        expect(answer.headers.get('x-trace-id')).toBe(caller.traceId);
        return { ...caller, orderId: answer.body.orderId };
      }),
    );
    for (const { orderId } of placed) await then.notified(orderId, 'ORDER_CONFIRMED');

    for (const { traceId, spanId: callerSpanId, orderId } of placed) {
      const inTrace = () => traces.spans.filter((span) => span.traceId === traceId);
      const has = (service: string, name: string) =>
        inTrace().some((span) => span.service === service && span.name === name);
      await eventually(
        () => {
          expect(has('orders', 'POST /orders')).toBe(true);
          expect(has('inventory', 'process orders.order-placed.v1')).toBe(true);
          expect(has('fraud-detection', 'process orders.order-placed.v1')).toBe(true);
          expect(has('orders', 'process inventory.inventory-reserved.v1')).toBe(true);
          expect(has('orders', 'process fraud-detection.fraud-check-completed.v1')).toBe(true);
          expect(has('payments', 'process orders.payment-requested.v1')).toBe(true);
          expect(has('orders', 'process payments.payment-authorized.v1')).toBe(true);
          expect(has('notifications', 'process orders.order-confirmed.v1')).toBe(true);
        },
        { timeoutMs: 30_000, description: `the spans of order ${orderId} exported` },
      );
      const spans = inTrace();
      expect(new Set(spans.map((span) => span.service))).toEqual(new Set(SERVICES));
      // One tree: the request's span is the caller's child, and every other span's parent is in the trace.
      const ids = new Set(spans.map((span) => span.spanId));
      const request = spans.find((span) => span.name === 'POST /orders');
      expect(request?.parentSpanId).toBe(callerSpanId);
      for (const span of spans.filter((s) => s !== request)) {
        expect({ span: `${span.service}: ${span.name}`, parentInTrace: ids.has(span.parentSpanId ?? '') }).toEqual({
          span: `${span.service}: ${span.name}`,
          parentInTrace: true,
        });
      }
      // Only this order's events were sent and handled in its trace.
      const messaging = spans.filter((span) => span.name.startsWith('send ') || span.name.startsWith('process '));
      expect(new Set(messaging.map((span) => span.attributes['messaging.kafka.message.key']))).toEqual(
        new Set([orderId]),
      );
    }
    expect(traces.rejected).toEqual([]);

    const ordersLog = path.join(surge.logDir, 'orders.log');
    const { traceId } = placed[0];
    await eventually(
      () =>
        expect(readFileSync(ordersLog, 'utf8')).toMatch(
          new RegExp(`"msg":"order placed".*"traceId":"${traceId}"|"traceId":"${traceId}".*"msg":"order placed"`),
        ),
      { description: "the order's log line with its trace id" },
    );
  });

  it('rejects the whole order when one line is short, and keeps the stock', async () => {
    const plenty = await given.product({ stock: 5 });
    const scarce = await given.product({ stock: 1 });

    const orderId = await when.placed(
      anOrder([
        [plenty, 2],
        [scarce, 2],
      ]),
    );

    await then.orderIs(orderId, 'REJECTED', 'OUT_OF_STOCK');
    await then.stockOf(plenty.sku, { available: 5, reserved: 0, sold: 0 });
    await then.stockOf(scarce.sku, { available: 1, reserved: 0, sold: 0 });
    await then.notified(orderId, 'ORDER_REJECTED');
    expect((await api.payment(orderId)).status).toBe(404);
  });

  it('rejects an unknown sku', async () => {
    const known = await given.product();

    const orderId = await when.placed(
      anOrder([
        [known, 1],
        [{ sku: unique('NOPE'), unitPrice: 100 }, 1],
      ]),
    );

    await then.orderIs(orderId, 'REJECTED', 'UNKNOWN_SKU');
    await then.stockOf(known.sku, { available: 10, reserved: 0, sold: 0 });
  });

  it('rejects a unit price that differs from the catalogue', async () => {
    const product = await given.product({ unitPrice: 1_000 });

    const orderId = await when.placed(anOrder([[{ sku: product.sku, unitPrice: 999 }, 1]]));

    await then.orderIs(orderId, 'REJECTED', 'PRICE_MISMATCH');
  });

  describe('fraud rules', () => {
    it('rejects a blocklisted customer', async () => {
      const product = await given.product();
      const order = anOrder([[product, 1]]);
      expect((await api.blocklist({ customerId: order.customerId })).status).toBe(201);

      const orderId = await when.placed(order);

      await then.orderIs(orderId, 'REJECTED', 'FRAUD_SUSPECTED');
      expect((await api.fraudCheck(orderId)).body).toMatchObject({
        decision: 'REJECTED',
        reasons: ['BLOCKLISTED_CUSTOMER'],
      });
      await then.stockOf(product.sku, { available: 10, reserved: 0, sold: 0 });
      await then.notified(orderId, 'FRAUD_ALERT');
    });

    it('rejects a blocklisted card', async () => {
      const product = await given.product();
      // A card of this test's own: blocklisting a shared test token would reject other tests' orders.
      const token = `tok_${unique('card')}`;
      const order = anOrder([[product, 1]], { payment: { token } });
      const fingerprint = createHash('sha256').update(token).digest('hex');
      expect((await api.blocklist({ cardFingerprint: fingerprint })).status).toBe(201);

      const orderId = await when.placed(order);

      await then.orderIs(orderId, 'REJECTED', 'FRAUD_SUSPECTED');
      expect((await api.fraudCheck(orderId)).body.reasons).toContain('BLOCKLISTED_CARD');
    });

    it('rejects an order above 10,000.00', async () => {
      const gold = await given.product({ unitPrice: 1_000_001, stock: 2 });

      const orderId = await when.placed(anOrder([[gold, 1]]));

      await then.orderIs(orderId, 'REJECTED', 'FRAUD_SUSPECTED');
      expect((await api.fraudCheck(orderId)).body.reasons).toContain('AMOUNT_OVER_LIMIT');
    });

    it('rejects the sixth order of one customer within 60 seconds', async () => {
      const product = await given.product({ stock: 20 });
      const customerId = unique('customer');
      const first = [];
      for (let i = 0; i < 5; i++) first.push(await when.placed(anOrder([[product, 1]], { customerId })));
      for (const orderId of first) await then.orderIs(orderId, 'CONFIRMED');

      const sixth = await when.placed(anOrder([[product, 1]], { customerId }));

      await then.orderIs(sixth, 'REJECTED', 'FRAUD_SUSPECTED');
      expect((await api.fraudCheck(sixth)).body.reasons).toContain('VELOCITY_EXCEEDED');
    });

    it('rejects a foreign card above 1,000.00', async () => {
      const tv = await given.product({ unitPrice: 150_000 });

      const orderId = await when.placed(
        anOrder([[tv, 1]], { payment: { token: 'tok_visa_DE' }, shippingAddress: { country: 'US' } }),
      );

      await then.orderIs(orderId, 'REJECTED', 'FRAUD_SUSPECTED');
      expect((await api.fraudCheck(orderId)).body.reasons).toContain('COUNTRY_MISMATCH');
    });
  });

  it('rejects a declined payment and releases the stock', async () => {
    const product = await given.product({ stock: 3 });

    const orderId = await when.placed(anOrder([[product, 2]], { payment: { token: 'tok_chargeDeclined' } }));

    await then.orderIs(orderId, 'REJECTED', 'PAYMENT_DECLINED');
    expect((await api.payment(orderId)).body).toMatchObject({ status: 'DECLINED', reason: 'CARD_DECLINED' });
    await then.stockOf(product.sku, { available: 3, reserved: 0, sold: 0 });
  });

  it('cancels a confirmed order: refunds it, returns the stock, and refuses a second cancel', async () => {
    const product = await given.product({ stock: 4, unitPrice: 700 });
    const orderId = await when.placed(anOrder([[product, 3]]));
    await then.orderIs(orderId, 'CONFIRMED');

    expect((await api.cancel(orderId)).status).toBe(202);

    await then.orderIs(orderId, 'CANCELLED');
    await eventually(
      async () => expect((await api.payment(orderId)).body).toMatchObject({ status: 'REFUNDED', amount: 2_100 }),
      {
        description: 'the refund',
      },
    );
    await then.stockOf(product.sku, { available: 4, reserved: 0, sold: 0 });
    await then.notified(orderId, 'ORDER_CANCELLED');
    await then.notified(orderId, 'PAYMENT_REFUNDED');
    expect((await api.cancel(orderId)).status).toBe(409);
  });

  it('sells exactly the stock when many orders compete for it', async () => {
    const scarce = await given.product({ stock: 5 });

    const orderIds = await Promise.all(Array.from({ length: 20 }, () => when.placed(anOrder([[scarce, 1]]))));

    const finals = await Promise.all(
      orderIds.map((orderId) =>
        eventually(
          async () => {
            const { body } = await api.order(orderId);
            expect(body.status).not.toBe('PENDING');
            return body;
          },
          { timeoutMs: 60_000, intervalMs: 250, description: `order ${orderId} final` },
        ),
      ),
    );
    expect(finals.filter((o) => o.status === 'CONFIRMED')).toHaveLength(5);
    expect(finals.filter((o) => o.status === 'REJECTED').map((o) => o.reason)).toEqual(Array(15).fill('OUT_OF_STOCK'));
    await then.stockOf(scarce.sku, { available: 0, reserved: 0, sold: 5 });
  });

  it('answers the same idempotency key and body with the same order, and another body with 409', async () => {
    const product = await given.product();
    const key = randomUUID();
    const order = anOrder([[product, 1]]);

    const first = await api.placeOrder(order, key);
    const again = await api.placeOrder(order, key);
    const different = await api.placeOrder({ ...order, items: [{ ...order.items[0], quantity: 2 }] }, key);

    expect(first.status).toBe(202);
    expect([200, 202]).toContain(again.status);
    expect(again.body.orderId).toBe(first.body.orderId);
    expect(different.status).toBe(409);
    await then.orderIs(first.body.orderId, 'CONFIRMED');
    await then.stockOf(product.sku, { available: 9, reserved: 0, sold: 1 });
  });

  it('refuses an invalid order with 400 naming the fields, and creates nothing', async () => {
    const customerId = unique('customer');

    const answer = await api.call<{ statusCode: number; message: string[] }>('orders', 'POST', '/orders', {
      customerId,
      currency: 'euro',
      items: [{ sku: 'A', quantity: 0, unitPrice: -1 }],
      payment: {},
      shippingAddress: { country: 'Germany' },
      coupon: 'FREE',
    });

    expect(answer.status).toBe(400);
    const message = answer.body.message.join('\n');
    for (const field of [
      'currency',
      'items.0.quantity',
      'items.0.unitPrice',
      'payment.token',
      'shippingAddress.country',
      'coupon',
    ]) {
      expect(message).toContain(field);
    }
    const listed = await api.call<unknown[]>('orders', 'GET', `/orders?customerId=${customerId}`);
    expect(listed.body).toEqual([]);
  });
});
