// generated from schemas/inventory/inventory-rejected.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link InventoryRejectedV1} events. */
export const INVENTORY_REJECTED_V1 = 'inventory.inventory-rejected.v1' as const;

/** The order could not be reserved; nothing was reserved for any of its lines. */
export interface InventoryRejectedV1 {
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
  /** Why the order was rejected, for the first offending line in order of the lines. */
  reason: InventoryRejectionReasonV1;
  /**
   * Sku of the first offending line; null when no single line is to blame.
   *
   * @defaultValue null
   */
  sku: string | null;
  /**
   * Human-readable explanation for logs and operators, e.g. 'sku X: 2 requested, 1 available'. Not
   * for parsing.
   */
  detail: string;
}

/**
 * Why inventory refused the order. OTHER is what a reader sees for a reason added after its schema
 * version; read detail then.
 *
 * A reader whose schema lacks a symbol reads it as `OTHER`.
 */
export type InventoryRejectionReasonV1 = 'OUT_OF_STOCK' | 'UNKNOWN_SKU' | 'PRICE_MISMATCH' | 'OTHER';

/** Symbols of {@link InventoryRejectionReasonV1}, in schema order. */
export const INVENTORY_REJECTION_REASON_V1_SYMBOLS = [
  'OUT_OF_STOCK',
  'UNKNOWN_SKU',
  'PRICE_MISMATCH',
  'OTHER',
] as const satisfies readonly InventoryRejectionReasonV1[];

/**
 * Avro schema of {@link InventoryRejectedV1}, as written in
 * schemas/inventory/inventory-rejected.v1.avsc.
 */
export const InventoryRejectedV1Schema = {
  type: 'record',
  name: 'InventoryRejected',
  namespace: 'surge.inventory',
  doc: 'The order could not be reserved; nothing was reserved for any of its lines.',
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
      name: 'reason',
      type: {
        type: 'enum',
        name: 'InventoryRejectionReason',
        doc: 'Why inventory refused the order. OTHER is what a reader sees for a reason added after its schema version; read detail then.',
        symbols: ['OUT_OF_STOCK', 'UNKNOWN_SKU', 'PRICE_MISMATCH', 'OTHER'],
        default: 'OTHER',
      },
      doc: 'Why the order was rejected, for the first offending line in order of the lines.',
    },
    {
      name: 'sku',
      type: ['null', 'string'],
      doc: 'Sku of the first offending line; null when no single line is to blame.',
      default: null,
    },
    {
      name: 'detail',
      type: 'string',
      doc: "Human-readable explanation for logs and operators, e.g. 'sku X: 2 requested, 1 available'. Not for parsing.",
    },
  ],
} as const;
