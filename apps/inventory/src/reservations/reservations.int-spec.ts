import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import {
  INVENTORY_REJECTED_V1,
  INVENTORY_RELEASED_V1,
  INVENTORY_RESERVED_V1,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  type OrderLineV1,
  type OrderPlacedV1,
  type OrderRejectedV1,
} from '@surge/contracts';
import type { OutgoingEvent } from '@surge/messaging';
import { anOrderPlaced, eventually, testInfra, unique } from '@surge/testing';
import { type RunningService, type ServiceHarness, startServiceApp, startServiceHarness } from '@surge/service-testing';
import { AppModule } from '../app.module';
import { createInventoryDatabase, type InventoryDatabase } from '../database';

const ANSWER_TOPICS = [INVENTORY_RESERVED_V1, INVENTORY_REJECTED_V1, INVENTORY_RELEASED_V1] as const;
type AnswerTopic = (typeof ANSWER_TOPICS)[number];

const WAIT = { timeoutMs: 45_000 };

describe('inventory consuming the order saga on the real broker', () => {
  // Two replicas in one consumer group: partitions are split between processes, as in production.
  const replicas: RunningService[] = [];
  let harness: ServiceHarness<AnswerTopic>;
  let db: InventoryDatabase;

  beforeAll(async () => {
    replicas.push(await startServiceApp('inventory', AppModule), await startServiceApp('inventory', AppModule));
    harness = await startServiceHarness({
      service: 'inventory',
      neighbours: ['orders'],
      publishes: ANSWER_TOPICS,
      ...WAIT,
    });
    db = createInventoryDatabase(createDatabasePool(testInfra.databaseUrl('inventory'), 2));
  });

  afterAll(async () => {
    await harness?.close();
    await Promise.all(replicas.map((replica) => replica.close()));
    await db?.$disconnect();
  });

  // ---- given / when / then ----

  async function givenProduct(stock: number, unitPrice = 2_500, currency = 'EUR'): Promise<string> {
    const sku = unique('SKU');
    const response = await fetch(`${replicas[0].url}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku, name: `Product ${sku}`, unitPrice, currency, stock }),
    });
    expect(response.status).toBe(201);
    return sku;
  }

  function anOrder(lines: OrderLineV1[], overrides: Partial<OrderPlacedV1> = {}): OrderPlacedV1 {
    const totalAmount = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    return anOrderPlaced({ lines, totalAmount, ...overrides });
  }

  /** An order-topic event about the placed order, as orders would publish it. */
  function follows(
    order: OrderPlacedV1,
    topic: typeof ORDER_REJECTED_V1 | typeof ORDER_CANCELLED_V1 | typeof ORDER_CONFIRMED_V1,
    reason: OrderRejectedV1['reason'] = 'FRAUD_SUSPECTED',
  ): OutgoingEvent {
    const envelope = {
      eventId: randomUUID(),
      correlationId: order.correlationId,
      causationId: order.eventId,
      occurredAt: Date.now(),
      orderId: order.orderId,
      customerId: order.customerId,
      totalAmount: order.totalAmount,
      currency: order.currency,
    };
    if (topic === ORDER_REJECTED_V1) {
      return { topic, event: { ...envelope, reason, detail: null } };
    }
    return { topic, event: envelope };
  }

  /** Publishes the events in one batch, as orders would. */
  const when = (...events: OutgoingEvent[]) => harness.neighbours.as('orders').publish(events);

  async function stockOf(sku: string) {
    const response = await fetch(`${replicas[1].url}/products/${sku}`);
    const { available, reserved, sold } = (await response.json()) as Record<string, number>;
    return { available, reserved, sold };
  }

  const answersFor = (orderId: string) => harness.published.about(orderId);

  // ---- the rules ----

  it('reserves every line, sells them on confirmation and returns them when the confirmed order is cancelled', async () => {
    const kettle = await givenProduct(5);
    const toaster = await givenProduct(3, 4_000);
    const order = anOrder([
      { sku: kettle, quantity: 2, unitPrice: 2_500 },
      { sku: toaster, quantity: 3, unitPrice: 4_000 },
    ]);

    await when({ topic: ORDER_PLACED_V1, event: order });
    await eventually(() => expect(answersFor(order.orderId)).toHaveLength(1), { ...WAIT, description: 'an answer' });
    expect(answersFor(order.orderId)[0]).toMatchObject({
      topic: INVENTORY_RESERVED_V1,
      event: {
        correlationId: order.correlationId,
        causationId: order.eventId,
        lines: [
          { sku: kettle, quantity: 2 },
          { sku: toaster, quantity: 3 },
        ],
      },
    });
    expect(await stockOf(kettle)).toEqual({ available: 3, reserved: 2, sold: 0 });
    expect(await stockOf(toaster)).toEqual({ available: 0, reserved: 3, sold: 0 });

    const confirmation = follows(order, ORDER_CONFIRMED_V1);
    await when(confirmation);
    await harness.consumed(confirmation.event.eventId);
    expect(await stockOf(kettle)).toEqual({ available: 3, reserved: 0, sold: 2 });

    await when(follows(order, ORDER_CANCELLED_V1));
    await eventually(() => expect(answersFor(order.orderId)).toHaveLength(2), { ...WAIT, description: 'the release' });
    expect(answersFor(order.orderId)[1]).toMatchObject({
      topic: INVENTORY_RELEASED_V1,
      event: {
        reason: 'ORDER_CANCELLED',
        wasSold: true,
        lines: [
          { sku: kettle, quantity: 2 },
          { sku: toaster, quantity: 3 },
        ],
      },
    });
    expect(await stockOf(kettle)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await stockOf(toaster)).toEqual({ available: 3, reserved: 0, sold: 0 });
  });

  it('rejects the whole order for its first offending line and reserves nothing', async () => {
    const kettle = await givenProduct(5);
    const toaster = await givenProduct(1, 4_000);
    const order = anOrder([
      { sku: kettle, quantity: 2, unitPrice: 2_500 },
      { sku: toaster, quantity: 1, unitPrice: 3_999 },
      { sku: unique('NOPE'), quantity: 1, unitPrice: 100 },
    ]);

    await when({ topic: ORDER_PLACED_V1, event: order });
    await eventually(() => expect(answersFor(order.orderId)).toHaveLength(1), { ...WAIT, description: 'an answer' });
    expect(answersFor(order.orderId)[0]).toMatchObject({
      topic: INVENTORY_REJECTED_V1,
      event: { reason: 'PRICE_MISMATCH', sku: toaster, causationId: order.eventId },
    });
    expect(await stockOf(kettle)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(await stockOf(toaster)).toEqual({ available: 1, reserved: 0, sold: 0 });
  });

  it.each(['FRAUD_SUSPECTED', 'TIMEOUT'] as const)(
    'releases the reservation of an order rejected as %s',
    async (reason) => {
      const kettle = await givenProduct(5);
      const order = anOrder([{ sku: kettle, quantity: 4, unitPrice: 2_500 }]);

      await when({ topic: ORDER_PLACED_V1, event: order });
      await eventually(() => expect(answersFor(order.orderId)).toHaveLength(1), { ...WAIT, description: 'reserved' });
      await when(follows(order, ORDER_REJECTED_V1, reason));

      await eventually(() => expect(answersFor(order.orderId)).toHaveLength(2), { ...WAIT, description: 'released' });
      expect(answersFor(order.orderId)[1]).toMatchObject({
        topic: INVENTORY_RELEASED_V1,
        event: {
          reason: 'ORDER_REJECTED',
          wasSold: false,
          lines: [{ sku: kettle, quantity: 4 }],
        },
      });
      expect(await stockOf(kettle)).toEqual({ available: 5, reserved: 0, sold: 0 });
    },
  );

  it('reserves nothing for an order whose rejection arrived before it', async () => {
    const kettle = await givenProduct(5);
    const order = anOrder([{ sku: kettle, quantity: 2, unitPrice: 2_500 }]);
    const rejection = follows(order, ORDER_REJECTED_V1);

    await when(rejection);
    await harness.consumed(rejection.event.eventId);
    await when({ topic: ORDER_PLACED_V1, event: order });
    await harness.consumed(order.eventId);

    await harness.relayedAndRead(order.orderId);
    expect(answersFor(order.orderId)).toMatchObject([
      {
        topic: INVENTORY_RELEASED_V1,
        event: { reason: 'ORDER_REJECTED', wasSold: false, lines: [] },
      },
    ]);
    expect(await stockOf(kettle)).toEqual({ available: 5, reserved: 0, sold: 0 });
  });

  it('applies a redelivered placement and confirmation once', async () => {
    const kettle = await givenProduct(5);
    const order = anOrder([{ sku: kettle, quantity: 2, unitPrice: 2_500 }]);
    const confirmation = follows(order, ORDER_CONFIRMED_V1);

    await when({ topic: ORDER_PLACED_V1, event: order }, { topic: ORDER_PLACED_V1, event: order });
    await when({ topic: ORDER_PLACED_V1, event: { ...order, eventId: randomUUID() } }); // republished under a new id
    await when(confirmation, confirmation);
    await harness.consumed(confirmation.event.eventId);

    await harness.relayedAndRead(order.orderId);
    expect(answersFor(order.orderId).map((a) => a.topic)).toEqual([INVENTORY_RESERVED_V1]);
    expect(await stockOf(kettle)).toEqual({ available: 3, reserved: 0, sold: 2 });
  });

  it('never oversells: 20 single-unit orders for 5 units, published at once across partitions', async () => {
    const kettle = await givenProduct(5);
    const orders = Array.from({ length: 20 }, () => anOrder([{ sku: kettle, quantity: 1, unitPrice: 2_500 }]));

    await when(...orders.map((event) => ({ topic: ORDER_PLACED_V1, event })));

    const orderIds = orders.map((o) => o.orderId);
    await eventually(
      () => expect(harness.published.all.filter((a) => orderIds.includes(a.event.orderId))).toHaveLength(20),
      {
        ...WAIT,
        description: '20 answers',
      },
    );
    await harness.relayedAndRead(...orderIds);
    const mine = harness.published.all.filter((a) => orderIds.includes(a.event.orderId));
    expect(mine.filter((a) => a.topic === INVENTORY_RESERVED_V1)).toHaveLength(5);
    const rejections = mine.filter((a) => a.topic === INVENTORY_REJECTED_V1);
    expect(rejections).toHaveLength(15);
    expect(rejections.map((a) => a.event)).toMatchObject(
      Array.from({ length: 15 }, () => ({ reason: 'OUT_OF_STOCK', sku: kettle })),
    );
    expect(await stockOf(kettle)).toEqual({ available: 0, reserved: 5, sold: 0 });
  });

  it('ends with all units available when placements and rejections of the same orders race each other', async () => {
    const kettle = await givenProduct(10);
    const orders = Array.from({ length: 10 }, () => anOrder([{ sku: kettle, quantity: 1, unitPrice: 2_500 }]));
    const rejections = orders.map((order) => follows(order, ORDER_REJECTED_V1));

    await Promise.all([when(...orders.map((event) => ({ topic: ORDER_PLACED_V1, event }))), when(...rejections)]);
    await harness.consumed(...orders.map((o) => o.eventId), ...rejections.map((r) => r.event.eventId));

    const orderIds = orders.map((o) => o.orderId);
    await harness.relayedAndRead(...orderIds);
    for (const orderId of orderIds) {
      expect(answersFor(orderId).filter((a) => a.topic === INVENTORY_RELEASED_V1)).toHaveLength(1);
    }
    expect(await stockOf(kettle)).toEqual({ available: 10, reserved: 0, sold: 0 });
  });

  it('keeps every product whole: available + reserved + sold is all the stock ever added', async () => {
    const broken = await db.$queryRawUnsafe<{ sku: string }[]>(
      'SELECT sku FROM products WHERE available + reserved + sold <> stock_added OR LEAST(available, reserved, sold) < 0',
    );
    expect(broken).toEqual([]);
    await expect(
      db.$executeRawUnsafe(
        "INSERT INTO products (sku, name, unit_price, currency, available, reserved, sold, stock_added, updated_at) VALUES ($1, 'x', 1, 'EUR', 1, 0, 0, 2, now())",
        unique('SKU'),
      ),
    ).rejects.toThrow(/products_stock_conserved/);
  });
});
