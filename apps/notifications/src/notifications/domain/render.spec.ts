import { randomUUID } from 'node:crypto';
import type {
  FraudCheckCompletedV1,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderRejectedV1,
  OrderRejectionReasonV1,
  PaymentRefundedV1,
} from '@surge/contracts';
import { ORDER_REJECTION_REASON_V1_SYMBOLS } from '@surge/contracts';
import {
  describeRejection,
  fraudAlert,
  orderCancelled,
  orderConfirmed,
  orderRejected,
  paymentRefunded,
} from './render';

const orderId = '0b6f3c52-8d0e-4bb1-a8a4-3f0f6f1d2a10';
const envelope = { eventId: randomUUID(), correlationId: 'corr-1', causationId: null, occurredAt: 1, orderId };
const about = { orderId, customerId: 'cust-7', correlationId: 'corr-1' };

describe('rendering a notification from a lifecycle event', () => {
  it('tells the customer an order is confirmed, with the amount charged', () => {
    const event: OrderConfirmedV1 = { ...envelope, customerId: 'cust-7', totalAmount: 2_500, currency: 'EUR' };
    expect(orderConfirmed(event)).toEqual({
      ...about,
      type: 'ORDER_CONFIRMED',
      channel: 'customer',
      subject: `Your order ${orderId} is confirmed`,
      body: `Thank you for your order. Order ${orderId} is confirmed and paid: EUR 25.00.`,
    });
  });

  it('tells the customer why an order was rejected, in words', () => {
    const event: OrderRejectedV1 = {
      ...envelope,
      customerId: 'cust-7',
      reason: 'OUT_OF_STOCK',
      detail: 'sku KETTLE: 2 requested, 1 available',
      totalAmount: 1_500,
      currency: 'JPY',
    };
    const draft = orderRejected(event);
    expect(draft).toMatchObject({ ...about, type: 'ORDER_REJECTED', channel: 'customer' });
    expect(draft.subject).toBe(`We could not accept your order ${orderId}`);
    expect(draft.body).toContain('(JPY 1,500) was not accepted because some items are no longer in stock.');
    expect(draft.body).not.toContain('KETTLE');
  });

  it.each(ORDER_REJECTION_REASON_V1_SYMBOLS.map((reason) => [reason]))(
    'has words for the rejection reason %s, none of them a code',
    (reason: OrderRejectionReasonV1) => {
      expect(describeRejection(reason)).toMatch(/^[a-z][a-z ]+$/);
    },
  );

  it('does not name fraud to the customer', () => {
    expect(describeRejection('FRAUD_SUSPECTED')).not.toMatch(/fraud/i);
  });

  it('explains an OTHER rejection with its detail when there is one', () => {
    const event: OrderRejectedV1 = {
      ...envelope,
      customerId: 'cust-7',
      reason: 'OTHER',
      detail: 'the shop is closed for the holidays',
      totalAmount: 100,
      currency: 'EUR',
    };
    expect(orderRejected(event).body).toContain('because the shop is closed for the holidays.');
    expect(orderRejected({ ...event, detail: null }).body).toContain('because we could not process it.');
  });

  it('tells the customer an order is cancelled', () => {
    const event: OrderCancelledV1 = { ...envelope, customerId: 'cust-7', totalAmount: 1_234, currency: 'KWD' };
    expect(orderCancelled(event)).toEqual({
      ...about,
      type: 'ORDER_CANCELLED',
      channel: 'customer',
      subject: `Your order ${orderId} is cancelled`,
      body: `Your order ${orderId} (KWD 1.234) is cancelled. Anything you paid for it will be refunded.`,
    });
  });

  it('tells the customer about a refund and why', () => {
    const event: PaymentRefundedV1 = {
      ...envelope,
      paymentId: 'pay-1',
      customerId: 'cust-7',
      amount: 2_500,
      currency: 'EUR',
      reason: 'ORDER_CANCELLED',
    };
    expect(paymentRefunded(event)).toEqual({
      ...about,
      type: 'PAYMENT_REFUNDED',
      channel: 'customer',
      subject: `Refund of EUR 25.00 for order ${orderId}`,
      body: `We refunded EUR 25.00 for order ${orderId} because the order was cancelled. It may take a few days to reach your account.`,
    });
    expect(paymentRefunded({ ...event, reason: 'SOMETHING_NEW' }).body).toBe(
      `We refunded EUR 25.00 for order ${orderId}. It may take a few days to reach your account.`,
    );
  });

  it('alerts operations about a fraud rejection, with score and rules', () => {
    const event: FraudCheckCompletedV1 = {
      ...envelope,
      customerId: 'cust-7',
      decision: 'REJECTED',
      score: 90,
      reasons: ['AMOUNT_OVER_LIMIT', 'COUNTRY_MISMATCH'],
      totalAmount: 2_000_000,
      currency: 'EUR',
    };
    expect(fraudAlert(event)).toEqual({
      ...about,
      type: 'FRAUD_ALERT',
      channel: 'operations',
      subject: `Fraud check rejected order ${orderId}`,
      body:
        `The fraud check rejected order ${orderId} of customer cust-7 (EUR 20,000.00) with a score of 90/100. ` +
        'Rules: AMOUNT_OVER_LIMIT, COUNTRY_MISMATCH.',
    });
  });

  it('tells nobody about an approved fraud check', () => {
    const event: FraudCheckCompletedV1 = {
      ...envelope,
      customerId: 'cust-7',
      decision: 'APPROVED',
      score: 3,
      reasons: [],
      totalAmount: 2_500,
      currency: 'EUR',
    };
    expect(fraudAlert(event)).toBeNull();
  });
});
