// generated from schemas/orders/order-confirmed.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link OrderConfirmedV1} events. */
export const ORDER_CONFIRMED_V1 = 'orders.order-confirmed.v1' as const;

/**
 * The order is paid for: inventory turns its reservation into a sale, notifications tells the
 * customer.
 */
export interface OrderConfirmedV1 {
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
  /** Order total that was charged, in minor units of currency (cents for EUR). */
  totalAmount: number /* minor units */;
  /** ISO 4217 currency code of every amount in this event, e.g. EUR. */
  currency: string;
}

/** Avro schema of {@link OrderConfirmedV1}, as written in schemas/orders/order-confirmed.v1.avsc. */
export const OrderConfirmedV1Schema = {
  type: 'record',
  name: 'OrderConfirmed',
  namespace: 'surge.orders',
  doc: 'The order is paid for: inventory turns its reservation into a sale, notifications tells the customer.',
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
      name: 'totalAmount',
      type: 'long',
      doc: 'Order total that was charged, in minor units of currency (cents for EUR).',
    },
    {
      name: 'currency',
      type: 'string',
      doc: 'ISO 4217 currency code of every amount in this event, e.g. EUR.',
    },
  ],
} as const;
