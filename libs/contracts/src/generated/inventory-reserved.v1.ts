// generated from schemas/inventory/inventory-reserved.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link InventoryReservedV1} events. */
export const INVENTORY_RESERVED_V1 = 'inventory.inventory-reserved.v1' as const;

/**
 * Every line of the order is reserved (all or nothing): the units moved from available to
 * reserved.
 */
export interface InventoryReservedV1 {
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
  /** The reserved lines, one per sku of the order. */
  lines: ReservedLineV1[];
}

/** Units reserved for one sku. */
export interface ReservedLineV1 {
  /** Stock keeping unit of the product. */
  sku: string;
  /** Number of units, at least 1. */
  quantity: number;
}

/**
 * Avro schema of {@link InventoryReservedV1}, as written in
 * schemas/inventory/inventory-reserved.v1.avsc.
 */
export const InventoryReservedV1Schema = {
  type: 'record',
  name: 'InventoryReserved',
  namespace: 'surge.inventory',
  doc: 'Every line of the order is reserved (all or nothing): the units moved from available to reserved.',
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
          name: 'ReservedLine',
          doc: 'Units reserved for one sku.',
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
      doc: 'The reserved lines, one per sku of the order.',
    },
  ],
} as const;
