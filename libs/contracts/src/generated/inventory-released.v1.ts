// generated from schemas/inventory/inventory-released.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link InventoryReleasedV1} events. */
export const INVENTORY_RELEASED_V1 = 'inventory.inventory-released.v1' as const;

/**
 * Units held for the order went back to available: a reservation released, or a sale returned
 * after a confirmed order was cancelled.
 */
export interface InventoryReleasedV1 {
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
  /** The released lines; empty when the order was rejected or cancelled before anything was reserved. */
  lines: ReleasedLineV1[];
  /**
   * Why the units were released: ORDER_REJECTED or ORDER_CANCELLED today; readers must accept other
   * values.
   */
  reason: string;
  /**
   * True when the units came back from sold (the order had been confirmed), false when from
   * reserved.
   */
  wasSold: boolean;
}

/** Units returned to available for one sku. */
export interface ReleasedLineV1 {
  /** Stock keeping unit of the product. */
  sku: string;
  /** Number of units, at least 1. */
  quantity: number;
}

/**
 * Avro schema of {@link InventoryReleasedV1}, as written in
 * schemas/inventory/inventory-released.v1.avsc.
 */
export const InventoryReleasedV1Schema = {
  type: 'record',
  name: 'InventoryReleased',
  namespace: 'surge.inventory',
  doc: 'Units held for the order went back to available: a reservation released, or a sale returned after a confirmed order was cancelled.',
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
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'ReleasedLine',
          doc: 'Units returned to available for one sku.',
          fields: [
            {
              name: 'sku',
              type: 'string',
              doc: 'Stock keeping unit of the product.',
            },
            {
              name: 'quantity',
              type: 'int',
              doc: 'Number of units, at least 1.',
            },
          ],
        },
      },
      doc: 'The released lines; empty when the order was rejected or cancelled before anything was reserved.',
    },
    {
      name: 'reason',
      type: 'string',
      doc: 'Why the units were released: ORDER_REJECTED or ORDER_CANCELLED today; readers must accept other values.',
    },
    {
      name: 'wasSold',
      type: 'boolean',
      doc: 'True when the units came back from sold (the order had been confirmed), false when from reserved.',
    },
  ],
} as const;
