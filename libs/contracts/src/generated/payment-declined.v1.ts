// generated from schemas/payments/payment-declined.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link PaymentDeclinedV1} events. */
export const PAYMENT_DECLINED_V1 = 'payments.payment-declined.v1' as const;

/** The processor declined the payment of the order; nothing was charged. */
export interface PaymentDeclinedV1 {
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
  /** Decline reason from the processor. */
  reason: PaymentDeclineReasonV1;
  /** Amount that was refused, in minor units of currency (cents for EUR). */
  amount: number /* minor units */;
  /** ISO 4217 currency code of every amount in this event, e.g. EUR. */
  currency: string;
}

/**
 * Why the processor declined. A reason added after a reader's schema version reads as
 * CARD_DECLINED, the generic decline.
 *
 * A reader whose schema lacks a symbol reads it as `CARD_DECLINED`.
 */
export type PaymentDeclineReasonV1 = 'CARD_DECLINED' | 'INSUFFICIENT_FUNDS' | 'INVALID_TOKEN';

/** Symbols of {@link PaymentDeclineReasonV1}, in schema order. */
export const PAYMENT_DECLINE_REASON_V1_SYMBOLS = [
  'CARD_DECLINED',
  'INSUFFICIENT_FUNDS',
  'INVALID_TOKEN',
] as const satisfies readonly PaymentDeclineReasonV1[];

/**
 * Avro schema of {@link PaymentDeclinedV1}, as written in
 * schemas/payments/payment-declined.v1.avsc.
 */
export const PaymentDeclinedV1Schema = {
  type: 'record',
  name: 'PaymentDeclined',
  namespace: 'surge.payments',
  doc: 'The processor declined the payment of the order; nothing was charged.',
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
      name: 'reason',
      type: {
        type: 'enum',
        name: 'PaymentDeclineReason',
        doc: "Why the processor declined. A reason added after a reader's schema version reads as CARD_DECLINED, the generic decline.",
        symbols: ['CARD_DECLINED', 'INSUFFICIENT_FUNDS', 'INVALID_TOKEN'],
        default: 'CARD_DECLINED',
      },
      doc: 'Decline reason from the processor.',
    },
    {
      name: 'amount',
      type: 'long',
      doc: 'Amount that was refused, in minor units of currency (cents for EUR).',
    },
    {
      name: 'currency',
      type: 'string',
      doc: 'ISO 4217 currency code of every amount in this event, e.g. EUR.',
    },
  ],
} as const;
