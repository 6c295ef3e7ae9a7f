// generated from schemas/fraud-detection/fraud-check-completed.v1.avsc by npm run codegen — do not edit

/** Kafka topic of {@link FraudCheckCompletedV1} events. */
export const FRAUD_CHECK_COMPLETED_V1 = 'fraud-detection.fraud-check-completed.v1' as const;

/**
 * fraud-detection scored the order against its rules; orders aggregates the decision,
 * notifications alerts operations on REJECTED.
 */
export interface FraudCheckCompletedV1 {
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
  /** APPROVED lets the order proceed to payment; REJECTED rejects it with FRAUD_SUSPECTED. */
  decision: FraudDecisionV1;
  /** Risk score from 0 (no risk) to 100 (certain fraud). */
  score: number;
  /**
   * Stable codes of the rules that fired, e.g. BLOCKLISTED_CUSTOMER, BLOCKLISTED_CARD,
   * AMOUNT_OVER_LIMIT, VELOCITY_EXCEEDED, COUNTRY_MISMATCH; empty when none did.
   */
  reasons: string[];
  /** Order total that was scored, in minor units of currency (cents for EUR). */
  totalAmount: number /* minor units */;
  /** ISO 4217 currency code of every amount in this event, e.g. EUR. */
  currency: string;
}

/**
 * Outcome of the check. A decision added after a reader's schema version reads as REJECTED:
 * unknown means not approved (fail closed).
 *
 * A reader whose schema lacks a symbol reads it as `REJECTED`.
 */
export type FraudDecisionV1 = 'APPROVED' | 'REJECTED';

/** Symbols of {@link FraudDecisionV1}, in schema order. */
export const FRAUD_DECISION_V1_SYMBOLS = ['APPROVED', 'REJECTED'] as const satisfies readonly FraudDecisionV1[];

/**
 * Avro schema of {@link FraudCheckCompletedV1}, as written in
 * schemas/fraud-detection/fraud-check-completed.v1.avsc.
 */
export const FraudCheckCompletedV1Schema = {
  type: 'record',
  name: 'FraudCheckCompleted',
  namespace: 'surge.fraud',
  doc: 'fraud-detection scored the order against its rules; orders aggregates the decision, notifications alerts operations on REJECTED.',
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
      name: 'decision',
      type: {
        type: 'enum',
        name: 'FraudDecision',
        doc: "Outcome of the check. A decision added after a reader's schema version reads as REJECTED: unknown means not approved (fail closed).",
        symbols: ['APPROVED', 'REJECTED'],
        default: 'REJECTED',
      },
      doc: 'APPROVED lets the order proceed to payment; REJECTED rejects it with FRAUD_SUSPECTED.',
    },
    {
      name: 'score',
      type: 'int',
      doc: 'Risk score from 0 (no risk) to 100 (certain fraud).',
    },
    {
      name: 'reasons',
      type: {
        type: 'array',
        items: 'string',
      },
      doc: 'Stable codes of the rules that fired, e.g. BLOCKLISTED_CUSTOMER, BLOCKLISTED_CARD, AMOUNT_OVER_LIMIT, VELOCITY_EXCEEDED, COUNTRY_MISMATCH; empty when none did.',
    },
    {
      name: 'totalAmount',
      type: 'long',
      doc: 'Order total that was scored, in minor units of currency (cents for EUR).',
    },
    {
      name: 'currency',
      type: 'string',
      doc: 'ISO 4217 currency code of every amount in this event, e.g. EUR.',
    },
  ],
} as const;
