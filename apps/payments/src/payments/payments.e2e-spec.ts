import { randomUUID } from 'node:crypto';
import {
  ORDER_CANCELLED_V1,
  PAYMENT_REQUESTED_V1,
  type OrderCancelledV1,
  type PaymentRequestedV1,
} from '@surge/contracts';
import { AvroCodec, EventPublisher } from '@surge/messaging';
import { eventually, testInfra, unique } from '@surge/testing';
import { type RunningService, startServiceApp } from '@surge/service-testing';
import { Kafka, logLevel } from 'kafkajs';
import { AppModule } from '../app.module';

/** ISO 4217 reserves XTS for testing: only this file moves money in it, so its totals are exact. */
const TEST_CURRENCY = 'XTS';

function aPaymentRequested(overrides: Partial<PaymentRequestedV1> = {}): PaymentRequestedV1 {
  return {
    eventId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: Date.now(),
    orderId: randomUUID(),
    customerId: unique('customer'),
    amount: 1_999,
    currency: 'EUR',
    paymentToken: 'tok_visa',
    ...overrides,
  };
}

function cancellationOf(request: PaymentRequestedV1): OrderCancelledV1 {
  const { correlationId, orderId, customerId, amount: totalAmount, currency } = request;
  return {
    eventId: randomUUID(),
    correlationId,
    causationId: null,
    occurredAt: Date.now(),
    orderId,
    customerId,
    totalAmount,
    currency,
  };
}

interface Balance {
  authorized: number;
  refunded: number;
  net: number;
  balanced: boolean;
  currencies: {
    currency: string;
    authorized: number;
    refunded: number;
    net: number;
    debits: number;
    credits: number;
    balanced: boolean;
  }[];
}

describe('the payments REST API', () => {
  let service: RunningService;
  let publisher: EventPublisher;

  beforeAll(async () => {
    service = await startServiceApp('payments', AppModule);
    const kafka = new Kafka({
      clientId: 'payments-e2e',
      brokers: testInfra.kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    publisher = new EventPublisher(kafka, AvroCodec.connect(testInfra.registryUrl()), 'orders');
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await service?.close();
  });

  const get = (path: string) => fetch(`${service.url}${path}`);

  /** Waits until GET /payments/:orderId answers 200 with a body matching `expected`. */
  const expectPayment = (orderId: string, expected: Record<string, unknown>) =>
    eventually(
      async () => {
        const response = await get(`/payments/${orderId}`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as Record<string, unknown>;
        expect(body).toMatchObject(expected);
        return body;
      },
      { description: `payment of ${orderId} ${JSON.stringify(expected)}` },
    );

  const balance = async (): Promise<Balance> => {
    const response = await get('/payments/ledger/balance');
    expect(response.status).toBe(200);
    return (await response.json()) as Balance;
  };

  describe('GET /payments/:orderId', () => {
    it('answers an authorized payment with no reason', async () => {
      const request = aPaymentRequested({ amount: 4_250, currency: 'USD' });
      await publisher.publish([{ topic: PAYMENT_REQUESTED_V1, event: request }]);

      const body = await expectPayment(request.orderId, { status: 'AUTHORIZED' });
      expect(body).toEqual({ orderId: request.orderId, status: 'AUTHORIZED', amount: 4_250, currency: 'USD' });
    });

    it('answers a declined payment with its reason', async () => {
      const request = aPaymentRequested({ paymentToken: 'tok_insufficientFunds' });
      await publisher.publish([{ topic: PAYMENT_REQUESTED_V1, event: request }]);

      const body = await expectPayment(request.orderId, { status: 'DECLINED' });
      expect(body).toEqual({
        orderId: request.orderId,
        status: 'DECLINED',
        amount: 1_999,
        currency: 'EUR',
        reason: 'INSUFFICIENT_FUNDS',
      });
    });

    it('answers a refunded payment with why it was refunded', async () => {
      const request = aPaymentRequested();
      // One after the other: a cancellation consumed first would leave nothing to refund (no payment at all).
      await publisher.publish([{ topic: PAYMENT_REQUESTED_V1, event: request }]);
      await expectPayment(request.orderId, { status: 'AUTHORIZED' });
      await publisher.publish([{ topic: ORDER_CANCELLED_V1, event: cancellationOf(request) }]);

      await expectPayment(request.orderId, { status: 'REFUNDED', reason: 'ORDER_CANCELLED', amount: 1_999 });
    });

    it('answers 404 when no payment was attempted for the order', async () => {
      const orderId = randomUUID();
      const response = await get(`/payments/${orderId}`);

      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `no payment was attempted for order ${orderId}`,
        code: 'PAYMENTS.PAYMENT_NOT_FOUND',
      });
    });

    it.each(['not-a-uuid', '123', `${randomUUID()}x`, "1' OR '1'='1", 'ledger'])(
      'answers 400 naming orderId for %j',
      async (orderId) => {
        const response = await get(`/payments/${encodeURIComponent(orderId)}`);

        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          statusCode: 400,
          error: 'Bad Request',
          message: [expect.stringMatching(/^orderId: /)],
        });
      },
    );
  });

  describe('GET /payments/ledger/balance', () => {
    it('shows an authorization, then its refund, and money conserved throughout', async () => {
      const before = (await balance()).currencies.find((c) => c.currency === TEST_CURRENCY);
      const base = before ?? { authorized: 0, refunded: 0, net: 0, debits: 0, credits: 0 };

      const kept = aPaymentRequested({ amount: 3_000, currency: TEST_CURRENCY });
      const refunded = aPaymentRequested({ amount: 1_200, currency: TEST_CURRENCY });
      const declined = aPaymentRequested({
        amount: 9_999,
        currency: TEST_CURRENCY,
        paymentToken: 'tok_chargeDeclined',
      });
      await publisher.publish([
        { topic: PAYMENT_REQUESTED_V1, event: kept },
        { topic: PAYMENT_REQUESTED_V1, event: refunded },
        { topic: PAYMENT_REQUESTED_V1, event: declined },
      ]);
      await expectPayment(refunded.orderId, { status: 'AUTHORIZED' });
      await publisher.publish([{ topic: ORDER_CANCELLED_V1, event: cancellationOf(refunded) }]);
      await expectPayment(kept.orderId, { status: 'AUTHORIZED' });
      await expectPayment(refunded.orderId, { status: 'REFUNDED' });
      await expectPayment(declined.orderId, { status: 'DECLINED' });

      const after = await balance();
      expect(after.currencies.find((c) => c.currency === TEST_CURRENCY)).toEqual({
        currency: TEST_CURRENCY,
        authorized: base.authorized + 4_200,
        refunded: base.refunded + 1_200,
        net: base.net + 3_000,
        debits: base.debits + 5_400,
        credits: base.credits + 5_400,
        balanced: true,
      });
      expect(after.balanced).toBe(true);
      expect(after.net).toBe(after.authorized - after.refunded);
      expect(after.currencies.every((c) => c.debits === c.credits && c.net === c.authorized - c.refunded)).toBe(true);
    });
  });

  it('documents both endpoints in its OpenAPI document', async () => {
    const response = await get('/docs-json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/payments/{orderId}', '/payments/ledger/balance']),
    );
    expect(document.paths['/payments/{orderId}'].get?.parameters).toEqual([
      expect.objectContaining({ name: 'orderId', in: 'path' }),
    ]);
  });
});
