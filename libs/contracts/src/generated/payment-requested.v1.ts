// generated from schemas/orders/payment-requested.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link PaymentRequestedV1} events. */
export const PAYMENT_REQUESTED_V1 = 'orders.payment-requested.v1' as const;

/**
 * Inventory reserved and fraud approved the order: payments must authorize it, at most once per
 * order.
 */
export interface PaymentRequestedV1 {
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
  /** Id of the customer who placed the order. */
  customerId: string;
  /** Amount to authorize, in minor units of currency (cents for EUR). */
  amount: number /* minor units */;
  /** ISO 4217 currency code of every amount in this event, e.g. EUR. */
  currency: string;
  /** Processor token of the card, e.g. tok_visa or tok_visa_DE; never a card number. */
  paymentToken: string;
}

/**
 * Avro schema of {@link PaymentRequestedV1}, as written in
 * schemas/orders/payment-requested.v1.avsc.
 */
export const PaymentRequestedV1Schema = {
  type: 'record',
  name: 'PaymentRequested',
  namespace: 'surge.orders',
  doc: 'Inventory reserved and fraud approved the order: payments must authorize it, at most once per order.',
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
      name: 'customerId',
      type: 'string',
      doc: 'Id of the customer who placed the order.',
    },
    {
      name: 'amount',
      type: 'long',
      doc: 'Amount to authorize, in minor units of currency (cents for EUR).',
    },
    {
      name: 'currency',
      type: 'string',
      doc: 'ISO 4217 currency code of every amount in this event, e.g. EUR.',
    },
    {
      name: 'paymentToken',
      type: 'string',
      doc: 'Processor token of the card, e.g. tok_visa or tok_visa_DE; never a card number.',
    },
  ],
} as const;
