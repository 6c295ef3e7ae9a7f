// generated from schemas/orders/order-rejected.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link OrderRejectedV1} events. */
export const ORDER_REJECTED_V1 = 'orders.order-rejected.v1' as const;

/**
 * The order is final as REJECTED: inventory releases any reservation, payments voids any
 * authorization, notifications tells the customer.
 */
export interface OrderRejectedV1 {
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
  /**
   * The first negative answer: from inventory, fraud-detection or payments, or TIMEOUT when one
   * never came.
   */
  reason: OrderRejectionReasonV1;
  /**
   * Human-readable explanation for the customer and operators; not for parsing.
   *
   * @defaultValue null
   */
  detail: string | null;
  /** Order total, in minor units of currency (cents for EUR). */
  totalAmount: number /* minor units */;
  /** ISO 4217 currency code of every amount in this event, e.g. EUR. */
  currency: string;
}

/**
 * First reason the order was rejected. OTHER is what a reader sees for a reason added after its
 * schema version; read detail then.
 *
 * A reader whose schema lacks a symbol reads it as `OTHER`.
 */
export type OrderRejectionReasonV1 =
  'OUT_OF_STOCK' | 'UNKNOWN_SKU' | 'PRICE_MISMATCH' | 'FRAUD_SUSPECTED' | 'PAYMENT_DECLINED' | 'TIMEOUT' | 'OTHER';

/** Symbols of {@link OrderRejectionReasonV1}, in schema order. */
export const ORDER_REJECTION_REASON_V1_SYMBOLS = [
  'OUT_OF_STOCK',
  'UNKNOWN_SKU',
  'PRICE_MISMATCH',
  'FRAUD_SUSPECTED',
  'PAYMENT_DECLINED',
  'TIMEOUT',
  'OTHER',
] as const satisfies readonly OrderRejectionReasonV1[];

/** Avro schema of {@link OrderRejectedV1}, as written in schemas/orders/order-rejected.v1.avsc. */
export const OrderRejectedV1Schema = {
  type: 'record',
  name: 'OrderRejected',
  namespace: 'surge.orders',
  doc: 'The order is final as REJECTED: inventory releases any reservation, payments voids any authorization, notifications tells the customer.',
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
        name: 'OrderRejectionReason',
        doc: 'First reason the order was rejected. OTHER is what a reader sees for a reason added after its schema version; read detail then.',
        symbols: [
          'OUT_OF_STOCK',
          'UNKNOWN_SKU',
          'PRICE_MISMATCH',
          'FRAUD_SUSPECTED',
          'PAYMENT_DECLINED',
          'TIMEOUT',
          'OTHER',
        ],
        default: 'OTHER',
      },
      doc: 'The first negative answer: from inventory, fraud-detection or payments, or TIMEOUT when one never came.',
    },
    {
      name: 'detail',
      type: ['null', 'string'],
      doc: 'Human-readable explanation for the customer and operators; not for parsing.',
      default: null,
    },
    {
      name: 'totalAmount',
      type: 'long',
      doc: 'Order total, in minor units of currency (cents for EUR).',
    },
    {
      name: 'currency',
      type: 'string',
      doc: 'ISO 4217 currency code of every amount in this event, e.g. EUR.',
    },
  ],
} as const;
