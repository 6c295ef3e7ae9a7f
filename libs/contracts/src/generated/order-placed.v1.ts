// generated from schemas/orders/order-placed.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link OrderPlacedV1} events. */
export const ORDER_PLACED_V1 = 'orders.order-placed.v1' as const;

/**
 * An order was accepted as PENDING; inventory reserves its lines and fraud-detection scores it, in
 * parallel.
 */
export interface OrderPlacedV1 {
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
  /** ISO 4217 currency code of every amount in this event, e.g. EUR. */
  currency: string;
  /** Ordered lines, at least one, each sku at most once. */
  lines: OrderLineV1[];
  /** Sum of quantity * unitPrice over all lines, in minor units of currency (cents for EUR). */
  totalAmount: number /* minor units */;
  /**
   * Lowercase hex SHA-256 of the payment token: the card fingerprint fraud-detection matches against
   * its blocklist. The token itself travels only in PaymentRequested.
   */
  paymentTokenFingerprint: string;
  /**
   * ISO 3166-1 alpha-2 country of the card, derived from the payment token (US unless the token ends
   * in _<CC>).
   */
  cardCountry: string;
  /** ISO 3166-1 alpha-2 country of the shipping address. */
  shippingCountry: string;
}

/** One line of the order as the client sent it. */
export interface OrderLineV1 {
  /** Stock keeping unit of the product. */
  sku: string;
  /** Number of units ordered, at least 1. */
  quantity: number;
  /**
   * Price of one unit the client saw; inventory rejects the order with PRICE_MISMATCH if it differs
   * from the catalogue price, in minor units of currency (cents for EUR).
   */
  unitPrice: number /* minor units */;
}

/** Avro schema of {@link OrderPlacedV1}, as written in schemas/orders/order-placed.v1.avsc. */
export const OrderPlacedV1Schema = {
  type: 'record',
  name: 'OrderPlaced',
  namespace: 'surge.orders',
  doc: 'An order was accepted as PENDING; inventory reserves its lines and fraud-detection scores it, in parallel.',
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
      name: 'currency',
      type: 'string',
      doc: 'ISO 4217 currency code of every amount in this event, e.g. EUR.',
    },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'OrderLine',
          doc: 'One line of the order as the client sent it.',
          fields: [
            {
              name: 'sku',
              type: 'string',
              doc: 'Stock keeping unit of the product.',
            },
            {
              name: 'quantity',
              type: 'int',
              doc: 'Number of units ordered, at least 1.',
            },
            {
              name: 'unitPrice',
              type: 'long',
              doc: 'Price of one unit the client saw; inventory rejects the order with PRICE_MISMATCH if it differs from the catalogue price, in minor units of currency (cents for EUR).',
            },
          ],
        },
      },
      doc: 'Ordered lines, at least one, each sku at most once.',
    },
    {
      name: 'totalAmount',
      type: 'long',
      doc: 'Sum of quantity * unitPrice over all lines, in minor units of currency (cents for EUR).',
    },
    {
      name: 'paymentTokenFingerprint',
      type: 'string',
      doc: 'Lowercase hex SHA-256 of the payment token: the card fingerprint fraud-detection matches against its blocklist. The token itself travels only in PaymentRequested.',
    },
    {
      name: 'cardCountry',
      type: 'string',
      doc: 'ISO 3166-1 alpha-2 country of the card, derived from the payment token (US unless the token ends in _<CC>).',
    },
    {
      name: 'shippingCountry',
      type: 'string',
      doc: 'ISO 3166-1 alpha-2 country of the shipping address.',
    },
  ],
} as const;
