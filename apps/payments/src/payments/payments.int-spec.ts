import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import {
  ORDER_CANCELLED_V1,
  ORDER_REJECTED_V1,
  type OrderCancelledV1,
  type OrderRejectedV1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_DECLINED_V1,
  PAYMENT_REFUNDED_V1,
  PAYMENT_REQUESTED_V1,
  type EventsByTopic,
  type PaymentRequestedV1,
} from '@surge/contracts';
import { DEAD_LETTER_HEADER, deadLetterTopic, type OutgoingEvent } from '@surge/messaging';
import { collectRaw, eventually, type RawMessages, testInfra, unique } from '@surge/testing';
import { type RunningService, type ServiceHarness, startServiceApp, startServiceHarness } from '@surge/service-testing';
import { AppModule } from '../app.module';
import { createPaymentsDatabase, type PaymentsDatabase } from '../database';

const PRODUCED = [PAYMENT_AUTHORIZED_V1, PAYMENT_DECLINED_V1, PAYMENT_REFUNDED_V1] as const;
type Produced = (typeof PRODUCED)[number];

function aPaymentRequested(overrides: Partial<PaymentRequestedV1> = {}): PaymentRequestedV1 {
  return {
    eventId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    occurredAt: Date.now(),
    orderId: randomUUID(),
    customerId: unique('customer'),
    amount: 2_500,
    currency: 'EUR',
    paymentToken: 'tok_visa',
    ...overrides,
  };
}

function anOrderCancelled(request: PaymentRequestedV1): OrderCancelledV1 {
  return {
    eventId: randomUUID(),
    correlationId: request.correlationId,
    causationId: null,
    occurredAt: Date.now(),
    orderId: request.orderId,
    customerId: request.customerId,
    totalAmount: request.amount,
    currency: request.currency,
  };
}

function anOrderRejected(request: PaymentRequestedV1, reason: OrderRejectedV1['reason'] = 'TIMEOUT'): OrderRejectedV1 {
  return { ...anOrderCancelled(request), eventId: randomUUID(), reason, detail: null };
}

describe('payments on the real broker', () => {
  let service: RunningService;
  let harness: ServiceHarness<Produced>;
  let deadLetters: RawMessages;
  let db: PaymentsDatabase;

  beforeAll(async () => {
    service = await startServiceApp('payments', AppModule);
    harness = await startServiceHarness({ service: 'payments', neighbours: ['orders'], publishes: PRODUCED });
    deadLetters = await collectRaw(deadLetterTopic('payments'));
    db = createPaymentsDatabase(createDatabasePool(testInfra.databaseUrl('payments'), 2));
  });

  afterAll(async () => {
    await deadLetters?.close();
    await harness?.close();
    await service?.close();
    await db?.$disconnect();
  });

  const when = {
    published: (...events: OutgoingEvent[]) => harness.neighbours.as('orders').publish(events),
    requested: (request: PaymentRequestedV1) => harness.publish({ topic: PAYMENT_REQUESTED_V1, event: request }),
  };

  const then = {
    eventsOf: (orderId: string, topic?: Produced) => harness.published.about(orderId, topic),
    /** Waits for exactly `count` events of the order on `topic`. */
    eventually: <T extends Produced>(orderId: string, topic: T, count = 1) =>
      eventually(
        () => {
          const events = then.eventsOf(orderId, topic);
          expect(events).toHaveLength(count);
          return events.map((s) => s.event as EventsByTopic[T]);
        },
        { description: `${count} ${topic} for ${orderId}` },
      ),
    consumed: (eventId: string) => harness.consumed(eventId),
    /** Whatever the consumed events published has left the outbox and was read back. */
    outboxDrained: (orderId: string) => harness.relayedAndRead(orderId),
    payment: (orderId: string) => db.payment.findUnique({ where: { orderId } }),
    ledgerOf: async (orderId: string) => {
      const payment = await db.payment.findUnique({ where: { orderId } });
      if (!payment) return [];
      return db.ledgerEntry.findMany({
        where: { paymentId: payment.paymentId },
        select: { kind: true, account: true, side: true, amount: true, currency: true },
        orderBy: { id: 'asc' },
      });
    },
  };

  it('authorizes a good card once and publishes PaymentAuthorized', async () => {
    const request = aPaymentRequested({ amount: 4_200, currency: 'USD', paymentToken: 'tok_mastercard' });

    await when.requested(request);

    const [authorized] = await then.eventually(request.orderId, PAYMENT_AUTHORIZED_V1);
    const payment = await then.payment(request.orderId);
    expect(payment).toMatchObject({ status: 'AUTHORIZED', amount: 4_200n, currency: 'USD', reason: null });
    expect(authorized).toMatchObject({
      orderId: request.orderId,
      paymentId: payment?.paymentId,
      customerId: request.customerId,
      amount: 4_200,
      currency: 'USD',
      correlationId: request.correlationId,
      causationId: request.eventId,
    });
    expect(await then.ledgerOf(request.orderId)).toEqual([
      { kind: 'AUTHORIZATION', account: 'customer_funds', side: 'DEBIT', amount: 4_200n, currency: 'USD' },
      { kind: 'AUTHORIZATION', account: 'merchant_authorized', side: 'CREDIT', amount: 4_200n, currency: 'USD' },
    ]);
  });

  it('authorizes a card with a country suffix like its base token', async () => {
    const request = aPaymentRequested({ paymentToken: 'tok_visa_DE' });
    await when.requested(request);
    await then.eventually(request.orderId, PAYMENT_AUTHORIZED_V1);
    expect(await then.payment(request.orderId)).toMatchObject({ status: 'AUTHORIZED' });
  });

  it.each([
    ['tok_chargeDeclined', 'CARD_DECLINED'],
    ['tok_insufficientFunds_DE', 'INSUFFICIENT_FUNDS'],
    ['tok_stolen', 'INVALID_TOKEN'],
  ])('declines %s with %s and moves no money', async (paymentToken, reason) => {
    const request = aPaymentRequested({ paymentToken });

    await when.requested(request);

    const [declined] = await then.eventually(request.orderId, PAYMENT_DECLINED_V1);
    expect(declined).toMatchObject({
      orderId: request.orderId,
      customerId: request.customerId,
      reason,
      amount: 2_500,
      currency: 'EUR',
      causationId: request.eventId,
    });
    expect(await then.payment(request.orderId)).toMatchObject({ status: 'DECLINED', reason });
    expect(await then.ledgerOf(request.orderId)).toEqual([]);
    expect(then.eventsOf(request.orderId, PAYMENT_AUTHORIZED_V1)).toEqual([]);
  });

  it('charges once when the same request arrives several times in one batch', async () => {
    const request = aPaymentRequested();
    const sameOrderOtherEvent = { ...request, eventId: randomUUID() };

    await when.published(
      { topic: PAYMENT_REQUESTED_V1, event: request },
      { topic: PAYMENT_REQUESTED_V1, event: request },
      { topic: PAYMENT_REQUESTED_V1, event: sameOrderOtherEvent },
    );

    await then.consumed(sameOrderOtherEvent.eventId);
    await then.outboxDrained(request.orderId);
    await then.eventually(request.orderId, PAYMENT_AUTHORIZED_V1, 1);
    expect(await db.payment.count({ where: { orderId: request.orderId } })).toBe(1);
    expect(await then.ledgerOf(request.orderId)).toHaveLength(2);
  });

  it('charges once when the same request arrives again in later batches', async () => {
    const request = aPaymentRequested();
    await when.requested(request);
    const [first] = await then.eventually(request.orderId, PAYMENT_AUTHORIZED_V1);

    const sameOrderOtherEvent = { ...request, eventId: randomUUID() };
    await when.requested(request);
    await when.requested(sameOrderOtherEvent);

    // Same key, same partition: once the later event is consumed, so is the redelivery before it.
    await then.consumed(sameOrderOtherEvent.eventId);
    await then.outboxDrained(request.orderId);
    expect(then.eventsOf(request.orderId)).toEqual([{ topic: PAYMENT_AUTHORIZED_V1, event: first }]);
    expect(await then.payment(request.orderId)).toMatchObject({ status: 'AUTHORIZED', paymentId: first.paymentId });
    expect(await then.ledgerOf(request.orderId)).toHaveLength(2);
  });

  it('refunds an authorized payment when the order is cancelled, once however often it is told', async () => {
    const request = aPaymentRequested({ amount: 7_300 });
    await when.requested(request);
    const [authorized] = await then.eventually(request.orderId, PAYMENT_AUTHORIZED_V1);

    const cancelled = anOrderCancelled(request);
    await when.published(
      { topic: ORDER_CANCELLED_V1, event: cancelled },
      { topic: ORDER_CANCELLED_V1, event: cancelled },
    );
    await then.consumed(cancelled.eventId);
    const rejectedLater = anOrderRejected(request);
    await when.published({ topic: ORDER_REJECTED_V1, event: rejectedLater });

    const [refunded] = await then.eventually(request.orderId, PAYMENT_REFUNDED_V1);
    expect(refunded).toMatchObject({
      orderId: request.orderId,
      paymentId: authorized.paymentId,
      customerId: request.customerId,
      amount: 7_300,
      currency: 'EUR',
      reason: 'ORDER_CANCELLED',
      causationId: cancelled.eventId,
      correlationId: request.correlationId,
    });
    await then.consumed(rejectedLater.eventId);
    await then.outboxDrained(request.orderId);
    expect(then.eventsOf(request.orderId, PAYMENT_REFUNDED_V1)).toHaveLength(1);
    expect(await then.payment(request.orderId)).toMatchObject({ status: 'REFUNDED', reason: 'ORDER_CANCELLED' });
    expect(await then.ledgerOf(request.orderId)).toEqual([
      { kind: 'AUTHORIZATION', account: 'customer_funds', side: 'DEBIT', amount: 7_300n, currency: 'EUR' },
      { kind: 'AUTHORIZATION', account: 'merchant_authorized', side: 'CREDIT', amount: 7_300n, currency: 'EUR' },
      { kind: 'REFUND', account: 'merchant_authorized', side: 'DEBIT', amount: 7_300n, currency: 'EUR' },
      { kind: 'REFUND', account: 'customer_funds', side: 'CREDIT', amount: 7_300n, currency: 'EUR' },
    ]);
  });

  it('voids a late authorization when the order was rejected', async () => {
    const request = aPaymentRequested();
    await when.requested(request);
    await then.eventually(request.orderId, PAYMENT_AUTHORIZED_V1);

    await when.published({ topic: ORDER_REJECTED_V1, event: anOrderRejected(request, 'TIMEOUT') });

    const [refunded] = await then.eventually(request.orderId, PAYMENT_REFUNDED_V1);
    expect(refunded).toMatchObject({ reason: 'ORDER_REJECTED', amount: 2_500 });
    expect(await then.payment(request.orderId)).toMatchObject({ status: 'REFUNDED', reason: 'ORDER_REJECTED' });
  });

  it('refunds nothing for a declined payment', async () => {
    const request = aPaymentRequested({ paymentToken: 'tok_chargeDeclined' });
    await when.requested(request);
    await then.eventually(request.orderId, PAYMENT_DECLINED_V1);

    const cancelled = anOrderCancelled(request);
    await when.published({ topic: ORDER_CANCELLED_V1, event: cancelled });

    await then.consumed(cancelled.eventId);
    await then.outboxDrained(request.orderId);
    expect(then.eventsOf(request.orderId, PAYMENT_REFUNDED_V1)).toEqual([]);
    expect(await then.payment(request.orderId)).toMatchObject({ status: 'DECLINED', reason: 'CARD_DECLINED' });
  });

  it.each([
    ['cancelled', (request: PaymentRequestedV1) => ({ topic: ORDER_CANCELLED_V1, event: anOrderCancelled(request) })],
    ['rejected', (request: PaymentRequestedV1) => ({ topic: ORDER_REJECTED_V1, event: anOrderRejected(request) })],
  ] as const)('never charges an order %s before its payment was requested', async (_, closing) => {
    const request = aPaymentRequested();
    const closed = closing(request) as OutgoingEvent;
    await when.published(closed);
    await then.consumed(closed.event.eventId);

    await when.requested(request);

    await then.consumed(request.eventId);
    await then.outboxDrained(request.orderId);
    expect(await then.payment(request.orderId)).toBeNull();
    expect(then.eventsOf(request.orderId)).toEqual([]);
  });

  it('leaves no money held whichever of a request and a cancellation lands first', async () => {
    const requests = Array.from({ length: 10 }, () => aPaymentRequested({ amount: 1_000 }));

    // Both topics at once: the two consumers race on every order.
    await Promise.all([
      when.published(...requests.map((event) => ({ topic: PAYMENT_REQUESTED_V1, event }))),
      when.published(...requests.map((r) => ({ topic: ORDER_CANCELLED_V1, event: anOrderCancelled(r) }))),
    ]);

    for (const request of requests) {
      await then.consumed(request.eventId);
      await eventually(
        async () => {
          const payment = await then.payment(request.orderId);
          // Either never charged, or charged then refunded: never left AUTHORIZED.
          expect(payment === null || payment.status === 'REFUNDED').toBe(true);
        },
        { description: `order ${request.orderId} settled` },
      );
      const net = (await then.ledgerOf(request.orderId))
        .filter((entry) => entry.account === 'merchant_authorized')
        .reduce((sum, entry) => sum + (entry.side === 'CREDIT' ? entry.amount : -entry.amount), 0n);
      expect(net).toBe(0n);
    }
  });

  it.each([
    ['no amount', { amount: 0 }],
    ['a negative amount', { amount: -100 }],
    ['a malformed currency', { currency: 'euro' }],
    ['an order id that is not a UUID', { orderId: 'order-1' }],
  ] as [string, Partial<PaymentRequestedV1>][])(
    'dead-letters at once a request with %s, and charges nothing',
    async (_, overrides) => {
      const request = aPaymentRequested(overrides);

      await when.requested(request);

      const [deadLetter] = await eventually(
        () => {
          const letters = deadLetters.withEventId(request.eventId).map((message) => message.headers);
          expect(letters).toHaveLength(1);
          return letters;
        },
        { description: `dead letter of ${request.eventId}` },
      );
      expect(deadLetter).toMatchObject({
        [DEAD_LETTER_HEADER.topic]: PAYMENT_REQUESTED_V1,
        [DEAD_LETTER_HEADER.attempts]: '1',
      });
      expect(deadLetter[DEAD_LETTER_HEADER.error]).toMatch(/^PoisonEventError: /);
      expect(await db.inboxEvent.count({ where: { eventId: request.eventId } })).toBe(0);
      expect(then.eventsOf(request.orderId)).toEqual([]);
      expect(await db.payment.count({ where: { customerId: request.customerId } })).toBe(0);
    },
  );
});
