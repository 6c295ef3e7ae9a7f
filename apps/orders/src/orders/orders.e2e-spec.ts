import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import { type Answer, type Order, testInfra, unique } from '@surge/testing';
import { type RunningService, startServiceApp } from '@surge/service-testing';
import { AppModule } from '../app.module';
import { createOrdersDatabase, type OrdersDatabase } from '../database';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('orders over HTTP', () => {
  let running: RunningService;
  let db: OrdersDatabase;

  beforeAll(async () => {
    running = await startServiceApp('orders', AppModule);
    db = createOrdersDatabase(createDatabasePool(testInfra.databaseUrl('orders'), 2));
  });

  afterAll(async () => {
    await running?.close();
    await db?.$disconnect();
  });

  /** The body is typed as the caller expects it; the assertions check it. */
  async function call<T = Order & ErrorBody>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  function anOrder(overrides: Record<string, unknown> = {}) {
    return {
      customerId: unique('customer'),
      currency: 'EUR',
      items: [
        { sku: 'KETTLE-01', quantity: 2, unitPrice: 2_500 },
        { sku: 'TOASTER_2', quantity: 1, unitPrice: 4_000 },
      ],
      payment: { token: 'tok_visa_DE' },
      shippingAddress: { country: 'DE', city: 'Berlin', line1: 'Unter den Linden 1', postalCode: '10117' },
      ...overrides,
    };
  }

  async function ordersOf(customerId: string): Promise<Order[]> {
    const listed = await call<Order[]>('GET', `/orders?customerId=${encodeURIComponent(customerId)}`);
    expect(listed.status).toBe(200);
    return listed.body;
  }

  /** A 400 whose message names each of these fields. */
  function expectInvalid(response: Answer<ErrorBody>, ...fields: string[]) {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const messages = [response.body.message].flat();
    for (const field of fields) {
      expect({ field, named: messages.some((m) => m.startsWith(`${field}:`)) }).toEqual({ field, named: true });
    }
  }

  describe('POST /orders', () => {
    it('accepts the order as PENDING, names it in Location and stores it with its lines and OrderPlaced', async () => {
      const order = anOrder();
      const placed = await call('POST', '/orders', order);

      expect(placed.status).toBe(202);
      expect(placed.body).toEqual({ orderId: expect.any(String) as string, status: 'PENDING' });
      expect(placed.headers.get('location')).toBe(`/orders/${placed.body.orderId}`);

      const read = await call('GET', `/orders/${placed.body.orderId}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        orderId: placed.body.orderId,
        customerId: order.customerId,
        status: 'PENDING',
        items: order.items,
        totalAmount: 9_000,
        currency: 'EUR',
        createdAt: expect.stringMatching(ISO_UTC) as string,
        updatedAt: expect.stringMatching(ISO_UTC) as string,
        timeline: [{ type: 'OrderPlaced', at: read.body.createdAt }],
      });
    });

    it('accepts a zero price, the largest quantity and a shipping address with the country only', async () => {
      const placed = await call(
        'POST',
        '/orders',
        anOrder({ items: [{ sku: 'A', quantity: 10_000, unitPrice: 0 }], shippingAddress: { country: 'FR' } }),
      );
      expect(placed.status).toBe(202);
      expect((await call('GET', `/orders/${placed.body.orderId}`)).body).toMatchObject({ totalAmount: 0 });
    });

    it.each([
      ['customerId', { customerId: '' }],
      ['customerId', { customerId: 'c'.repeat(129) }],
      ['customerId', { customerId: 42 }],
      ['currency', { currency: 'eur' }],
      ['currency', { currency: 'EURO' }],
      ['items', { items: [] }],
      ['items', { items: 'KETTLE' }],
      ['items', { items: Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}`, quantity: 1, unitPrice: 1 })) }],
      ['items.0.sku', { items: [{ sku: 'has space', quantity: 1, unitPrice: 1 }] }],
      ['items.0.sku', { items: [{ sku: 'x'.repeat(65), quantity: 1, unitPrice: 1 }] }],
      ['items.0.quantity', { items: [{ sku: 'A', quantity: 0, unitPrice: 1 }] }],
      ['items.0.quantity', { items: [{ sku: 'A', quantity: 1.5, unitPrice: 1 }] }],
      ['items.0.quantity', { items: [{ sku: 'A', quantity: 10_001, unitPrice: 1 }] }],
      ['items.0.unitPrice', { items: [{ sku: 'A', quantity: 1, unitPrice: -1 }] }],
      ['items.0.unitPrice', { items: [{ sku: 'A', quantity: 1, unitPrice: '100' }] }],
      ['items.0.unitPrice', { items: [{ sku: 'A', quantity: 1, unitPrice: 2 ** 53 }] }],
      ['items.0.colour', { items: [{ sku: 'A', quantity: 1, unitPrice: 1, colour: 'red' }] }],
      ['items.1', { items: [{ sku: 'A', quantity: 1, unitPrice: 1 }, 'B'] }],
      [
        'items',
        {
          items: [
            { sku: 'A', quantity: 1, unitPrice: 1 },
            { sku: 'A', quantity: 2, unitPrice: 1 },
          ],
        },
      ],
      ['items', { items: [{ sku: 'A', quantity: 2, unitPrice: Number.MAX_SAFE_INTEGER }] }],
      ['payment', { payment: undefined }],
      ['payment', { payment: 'tok_visa' }],
      ['payment.token', { payment: { token: '' } }],
      ['payment.token', { payment: {} }],
      ['payment.cvc', { payment: { token: 'tok_visa', cvc: '123' } }],
      ['shippingAddress', { shippingAddress: undefined }],
      ['shippingAddress.country', { shippingAddress: { country: 'de' } }],
      ['shippingAddress.country', { shippingAddress: { country: 'DEU' } }],
      ['shippingAddress.city', { shippingAddress: { country: 'DE', city: 7 } }],
      ['shippingAddress.state', { shippingAddress: { country: 'DE', state: 'BE' } }],
      ['coupon', { coupon: 'FREE' }],
    ])('refuses an invalid %s with 400 and creates nothing', async (field, change) => {
      const order = anOrder(change);
      expectInvalid(await call('POST', '/orders', order), field);
      expect(await db.order.count({ where: { customerId: String(order.customerId) } })).toBe(0);
    });

    it('names every offending field at once, missing ones included', async () => {
      const response = await call('POST', '/orders', { extra: 1, currency: 'euro' });
      expectInvalid(response, 'customerId', 'currency', 'items', 'payment', 'shippingAddress', 'extra');
    });

    it.each([
      ['no body', undefined],
      ['a JSON array', [anOrder()]],
      ['JSON null', 'null'],
      ['a JSON string', '"order"'],
      ['malformed JSON', '{"customerId": '],
    ])('refuses %s with 400', async (_, body) => {
      const response = await call<ErrorBody>('POST', '/orders', body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('refuses a body over 1 MiB with 413 and creates nothing', async () => {
      const order = anOrder({ padding: 'x'.repeat(1024 * 1024) });
      const response = await call<ErrorBody>('POST', '/orders', order);
      expect(response.status).toBe(413);
      expect(await ordersOf(order.customerId)).toEqual([]);
    });
  });

  describe('POST /orders with an Idempotency-Key', () => {
    it('answers a repeat of the same body with the same order, its current status and Location', async () => {
      const key = randomUUID();
      const order = anOrder();
      const first = await call('POST', '/orders', order, { 'idempotency-key': key });
      expect(first.status).toBe(202);
      const { customerId, currency, items, payment, shippingAddress } = order;
      const reordered = { shippingAddress, payment, items, currency, customerId };

      const again = await call('POST', '/orders', reordered, { 'idempotency-key': key });

      expect(again.status).toBe(200);
      expect(again.body).toEqual({ orderId: first.body.orderId, status: 'PENDING' });
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(await ordersOf(order.customerId)).toHaveLength(1);
      expect(await db.timelineEntry.count({ where: { orderId: first.body.orderId, type: 'OrderPlaced' } })).toBe(1);

      expect((await call('POST', `/orders/${first.body.orderId}/cancel`)).status).toBe(202);
      const afterCancel = await call('POST', '/orders', order, { 'idempotency-key': key });
      expect(afterCancel.body).toEqual({ orderId: first.body.orderId, status: 'CANCELLED' });
    });

    it('answers the same key with another body with 409 and creates nothing', async () => {
      const key = randomUUID();
      const order = anOrder();
      const first = await call('POST', '/orders', order, { 'idempotency-key': key });
      expect(first.status).toBe(202);

      const changed = await call<ErrorBody>(
        'POST',
        '/orders',
        { ...order, items: [{ sku: 'KETTLE-01', quantity: 3, unitPrice: 2_500 }] },
        { 'idempotency-key': key },
      );

      expect(changed.status).toBe(409);
      expect(changed.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'ORDERS.IDEMPOTENCY_KEY_REUSED' });
      expect(await ordersOf(order.customerId)).toHaveLength(1);
    });

    it('creates one order for concurrent identical requests', async () => {
      const key = randomUUID();
      const order = anOrder();
      const replies = await Promise.all(
        Array.from({ length: 8 }, () => call('POST', '/orders', order, { 'idempotency-key': key })),
      );

      expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 202]);
      expect(new Set(replies.map((r) => r.body.orderId)).size).toBe(1);
      const stored = await ordersOf(order.customerId);
      expect(stored).toHaveLength(1);
      expect(await db.timelineEntry.count({ where: { orderId: stored[0].orderId, type: 'OrderPlaced' } })).toBe(1);
    });

    it('answers each of many concurrent placements on its own: a reused key is refused, the rest stored', async () => {
      const reusedKey = randomUUID();
      const first = anOrder();
      expect((await call('POST', '/orders', first, { 'idempotency-key': reusedKey })).status).toBe(202);
      const others = Array.from({ length: 12 }, () => anOrder());

      const [reused, ...replies] = await Promise.all([
        call<ErrorBody>('POST', '/orders', { ...first, currency: 'USD' }, { 'idempotency-key': reusedKey }),
        ...others.map((order) => call('POST', '/orders', order, { 'idempotency-key': randomUUID() })),
      ]);

      expect(reused).toMatchObject({ status: 409, body: { code: 'ORDERS.IDEMPOTENCY_KEY_REUSED' } });
      expect(replies.map((reply) => reply.status)).toEqual(others.map(() => 202));
      for (const [index, order] of others.entries()) {
        const [stored] = await ordersOf(order.customerId);
        expect(stored).toMatchObject({ orderId: replies[index]?.body.orderId, items: order.items, status: 'PENDING' });
      }
      const ids = replies.map((reply) => reply.body.orderId);
      expect(await db.timelineEntry.count({ where: { orderId: { in: ids }, type: 'OrderPlaced' } })).toBe(12);
      expect(await ordersOf(first.customerId)).toHaveLength(1);
    });

    it('refuses an over-long key with 400 naming the header, and creates nothing', async () => {
      const order = anOrder();
      const response = await call<ErrorBody>('POST', '/orders', order, { 'idempotency-key': 'k'.repeat(256) });
      expectInvalid(response, 'Idempotency-Key');
      expect(await ordersOf(order.customerId)).toEqual([]);
    });
  });

  describe('GET /orders/:id', () => {
    it('answers 404 for an unknown order', async () => {
      const response = await call<ErrorBody>('GET', `/orders/${randomUUID()}`);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'ORDERS.ORDER_NOT_FOUND' });
    });

    it.each(['not-a-uuid', '123', `${randomUUID()}x`])('answers 400 naming id for the id %s', async (id) => {
      expectInvalid(await call<ErrorBody>('GET', `/orders/${id}`), 'id');
    });
  });

  describe('GET /orders', () => {
    it('lists a customer’s orders newest first, filtered by status, paged, without the timeline', async () => {
      const customerId = unique('customer');
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const placed = await call('POST', '/orders', anOrder({ customerId }));
        expect(placed.status).toBe(202);
        ids.push(placed.body.orderId);
      }
      await call('POST', `/orders/${ids[1]}/cancel`);

      const all = await call<Order[]>('GET', `/orders?customerId=${customerId}`);
      expect(all.status).toBe(200);
      expect(all.headers.get('x-total-count')).toBe('3');
      expect(all.body.map((o) => o.orderId)).toEqual([...ids].reverse());
      expect(all.body[0]).not.toHaveProperty('timeline');
      expect(all.body[0]).toMatchObject({ customerId, status: 'PENDING', totalAmount: 9_000, items: anOrder().items });

      const cancelled = await call<Order[]>('GET', `/orders?customerId=${customerId}&status=CANCELLED`);
      expect(cancelled.body.map((o) => o.orderId)).toEqual([ids[1]]);

      const page = await call<Order[]>('GET', `/orders?customerId=${customerId}&limit=1&offset=1`);
      expect(page.body.map((o) => o.orderId)).toEqual([ids[1]]);
    });

    it.each([
      ['limit', 'limit=0'],
      ['limit', 'limit=201'],
      ['limit', 'limit=ten'],
      ['offset', 'offset=-1'],
      ['status', 'status=SHIPPED'],
      ['customerId', `customerId=${'c'.repeat(129)}`],
      ['sort', 'sort=asc'],
    ])('refuses an invalid %s with 400', async (field, query) => {
      expectInvalid(await call<ErrorBody>('GET', `/orders?${query}`), field);
    });
  });

  describe('POST /orders/:id/cancel', () => {
    it('cancels a pending order once; a second cancel is 409 and changes nothing', async () => {
      const placed = await call('POST', '/orders', anOrder());

      const cancelled = await call('POST', `/orders/${placed.body.orderId}/cancel`);
      expect(cancelled.status).toBe(202);
      expect(cancelled.body).toEqual({ orderId: placed.body.orderId, status: 'CANCELLED' });
      const read = await call('GET', `/orders/${placed.body.orderId}`);
      expect(read.body).toMatchObject({ status: 'CANCELLED' });
      expect(read.body).not.toHaveProperty('reason');
      expect(read.body.timeline.map((t) => t.type)).toEqual(['OrderPlaced', 'OrderCancelled']);

      const again = await call<ErrorBody>('POST', `/orders/${placed.body.orderId}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'ORDERS.ORDER_FINAL' });
      expect((await call('GET', `/orders/${placed.body.orderId}`)).body.timeline).toHaveLength(2);
    });

    it('answers 404 for an unknown order and 400 for a malformed id', async () => {
      expect((await call('POST', `/orders/${randomUUID()}/cancel`)).status).toBe(404);
      expectInvalid(await call<ErrorBody>('POST', '/orders/nope/cancel'), 'id');
    });

    it('refuses a body with fields: cancel takes none', async () => {
      const placed = await call('POST', '/orders', anOrder());
      const response = await call<ErrorBody>('POST', `/orders/${placed.body.orderId}/cancel`, {
        reason: 'changed my mind',
      });
      expectInvalid(response, 'reason');
      expect((await call('GET', `/orders/${placed.body.orderId}`)).body.status).toBe('PENDING');
    });
  });

  it('documents every endpoint in its OpenAPI document', async () => {
    const response = await call<{ paths: Record<string, Record<string, unknown>> }>('GET', '/docs-json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths['/orders']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(response.body.paths['/orders/{id}'])).toEqual(['get']);
    expect(Object.keys(response.body.paths['/orders/{id}/cancel'])).toEqual(['post']);
  });
});
