// generated from schemas/payments/payment-refunded.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link PaymentRefundedV1} events. */
export const PAYMENT_REFUNDED_V1 = 'payments.payment-refunded.v1' as const;

/**
 * An authorized payment was given back in full: the order was cancelled, or rejected after a late
 * authorization (voided).
 */
export interface PaymentRefundedV1 {
  /** Unique id of this event (UUID v4); consumers deduplicate on it. */
  eventId: string /* uuid */;
  /**
   * Id shared by every event of one saga run, taken from the request that started it; for tracing
   * only.
   */
  correlationId: string;
  /**
   * eventId of the event that caused this one; null when a request (not an event) caused it.
   *
   * @defaultValue null
   */
  causationId: string | null;
  /** When the fact happened, in epoch milliseconds UTC (decoded as a number, not a Date). */
  occurredAt: number /* epoch millis */;
  /**
   * Id of the order this event is about; also the Kafka message key, so one order's events stay in
   * one partition.
   */
  orderId: string;
  /** Id of the refunded payment, as in PaymentAuthorized. */
  paymentId: string;
  /** Id of the customer who placed the order. */
  customerId: string;
  /** Amount refunded, in minor units of currency (cents for EUR). */
  amount: number /* minor units */;
  /** ISO 4217 currency code of every amount in this event, e.g. EUR. */
  currency: string;
  /**
   * Why it was refunded: ORDER_CANCELLED, or ORDER_REJECTED for a late authorization voided; readers
   * must accept other values.
   */
  reason: string;
}

/**
 * Avro schema of {@link PaymentRefundedV1}, as written in
 * schemas/payments/payment-refunded.v1.avsc.
 */
export const PaymentRefundedV1Schema = {
  type: 'record',
  name: 'PaymentRefunded',
  namespace: 'surge.payments',
  doc: 'An authorized payment was given back in full: the order was cancelled, or rejected after a late authorization (voided).',
  fields: [
    {
      name: 'eventId',
      type: {
        type: 'string',
        logicalType: 'uuid',
      },
      doc: 'Unique id of this event (UUID v4); consumers deduplicate on it.',
    },
    {
      name: 'correlationId',
      type: 'string',
      doc: 'Id shared by every event of one saga run, taken from the request that started it; for tracing only.',
    },
    {
      name: 'causationId',
      type: ['null', 'string'],
      default: null,
      doc: 'eventId of the event that caused this one; null when a request (not an event) caused it.',
    },
    {
      name: 'occurredAt',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
      doc: 'When the fact happened, in epoch milliseconds UTC (decoded as a number, not a Date).',
    },
    {
      name: 'orderId',
      type: 'string',
      doc: "Id of the order this event is about; also the Kafka message key, so one order's events stay in one partition.",
    },
    {
      name: 'paymentId',
      type: 'string',
      doc: 'Id of the refunded payment, as in PaymentAuthorized.',
    },
    {
      name: 'customerId',
      type: 'string',
      doc: 'Id of the customer who placed the order.',
    },
    {
      name: 'amount',
      type: 'long',
      doc: 'Amount refunded, in minor units of currency (cents for EUR).',
    },
    {
      name: 'currency',
      type: 'string',
      doc: 'ISO 4217 currency code of every amount in this event, e.g. EUR.',
    },
    {
      name: 'reason',
      type: 'string',
      doc: 'Why it was refunded: ORDER_CANCELLED, or ORDER_REJECTED for a late authorization voided; readers must accept other values.',
    },
  ],
} as const;
