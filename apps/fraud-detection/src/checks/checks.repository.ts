import { Injectable } from '@nestjs/common';
import type { FraudDecisionV1 } from '@surge/contracts';
import type { FraudDetectionDatabase, FraudDetectionTransaction } from '../database';
import type { FraudCheckRecord } from './domain/fraud-check';

/** The orders of one customer placed in (since, until], epoch milliseconds. */
export interface HistoryRange {
  readonly customerId: string;
  readonly since: number;
  readonly until: number;
}

/** Any constant distinct from other advisory lock keys of this database (two-key space). */
const CUSTOMER_LOCK = 0xf4a0d;

@Injectable()
export class ChecksRepository {
  /**
   * Holds one lock per customer until commit, taken in a fixed order so two
   * batches cannot deadlock: batches from different partitions that score
   * orders of the same customer then run one after the other, and the later
   * one counts the earlier one's orders.
   */
  async lockCustomers(tx: FraudDetectionTransaction, customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await tx.$executeRawUnsafe(
      `SELECT pg_advisory_xact_lock($1::int, hashtext(c.id))
       FROM (SELECT DISTINCT id FROM unnest($2::text[]) AS u(id) ORDER BY id) AS c`,
      CUSTOMER_LOCK,
      [...customerIds],
    );
  }

  async checkedOrderIds(tx: FraudDetectionTransaction, orderIds: readonly string[]): Promise<Set<string>> {
    const rows = await tx.$queryRawUnsafe<{ order_id: string }[]>(
      'SELECT order_id FROM fraud_checks WHERE order_id = ANY($1::text[])',
      [...orderIds],
    );
    return new Set(rows.map((row) => row.order_id));
  }

  /** When each customer's already checked orders within the ranges were placed, epoch milliseconds. */
  async placedTimes(tx: FraudDetectionTransaction, ranges: readonly HistoryRange[]): Promise<Map<string, number[]>> {
    const times = new Map<string, number[]>();
    if (ranges.length === 0) return times;
    const rows = await tx.$queryRawUnsafe<{ customerId: string; occurredAt: Date }[]>(
      `SELECT f.customer_id AS "customerId", f.occurred_at AS "occurredAt" FROM fraud_checks f
       WHERE EXISTS (
         SELECT 1 FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS r(customer_id, since, until)
         WHERE f.customer_id = r.customer_id AND f.occurred_at > r.since AND f.occurred_at <= r.until)`,
      ranges.map((range) => range.customerId),
      ranges.map((range) => new Date(range.since).toISOString()),
      ranges.map((range) => new Date(range.until).toISOString()),
    );
    for (const row of rows) {
      const list = times.get(row.customerId) ?? [];
      list.push(row.occurredAt.getTime());
      times.set(row.customerId, list);
    }
    return times;
  }

  async insertAll(tx: FraudDetectionTransaction, checks: readonly FraudCheckRecord[]): Promise<void> {
    if (checks.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO fraud_checks (order_id, customer_id, card_fingerprint, decision, score, reasons, total_amount, currency,
         card_country, shipping_country, occurred_at)
       SELECT c.order_id, c.customer_id, c.card_fingerprint, c.decision, c.score,
         ARRAY(SELECT jsonb_array_elements_text(c.reasons)), c.total_amount, c.currency, c.card_country,
         c.shipping_country, c.occurred_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::jsonb[], $7::bigint[], $8::text[],
         $9::text[], $10::text[], $11::timestamptz[])
         AS c(order_id, customer_id, card_fingerprint, decision, score, reasons, total_amount, currency, card_country,
           shipping_country, occurred_at)`,
      checks.map((check) => check.orderId),
      checks.map((check) => check.customerId),
      checks.map((check) => check.cardFingerprint),
      checks.map((check) => check.decision),
      checks.map((check) => check.score),
      // A text[] per row cannot travel inside an array parameter (it would be two-dimensional): JSON instead.
      checks.map((check) => JSON.stringify(check.reasons)),
      checks.map((check) => check.totalAmount),
      checks.map((check) => check.currency),
      checks.map((check) => check.cardCountry),
      checks.map((check) => check.shippingCountry),
      checks.map((check) => new Date(check.occurredAt).toISOString()),
    );
  }

  /** A REST read, through Prisma. */
  async find(
    db: FraudDetectionDatabase,
    orderId: string,
  ): Promise<Pick<FraudCheckRecord, 'orderId' | 'decision' | 'score' | 'reasons'> | null> {
    const row = await db.fraudCheck.findUnique({
      where: { orderId },
      select: { orderId: true, decision: true, score: true, reasons: true },
    });
    return row && { ...row, decision: row.decision as FraudDecisionV1 };
  }
}
