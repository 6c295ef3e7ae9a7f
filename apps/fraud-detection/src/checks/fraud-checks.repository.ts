import { Injectable } from '@nestjs/common';
import type { FraudDecisionV1 } from '@surge/contracts';
import type { FraudDetectionTransaction } from '../database';

/** One stored check: the verdict and the facts it was made on. */
export interface FraudCheckRecord {
  readonly orderId: string;
  readonly customerId: string;
  readonly cardFingerprint: string;
  readonly decision: FraudDecisionV1;
  readonly score: number;
  readonly reasons: string[];
  /** Minor units of currency. */
  readonly totalAmount: number;
  readonly currency: string;
  readonly cardCountry: string;
  readonly shippingCountry: string;
  /** When the order was placed, epoch milliseconds. */
  readonly occurredAt: number;
}

/** The orders of one customer placed in (since, until], epoch milliseconds. */
export interface HistoryRange {
  readonly customerId: string;
  readonly since: number;
  readonly until: number;
}

/** Any constant distinct from other advisory lock keys of this database (two-key space). */
const CUSTOMER_LOCK = 0xf4a0d;

@Injectable()
export class FraudChecksRepository {
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
    const rows = await tx.fraudCheck.findMany({ where: { orderId: { in: [...orderIds] } }, select: { orderId: true } });
    return new Set(rows.map((row) => row.orderId));
  }

  /** When each customer's already checked orders within the ranges were placed, epoch milliseconds. */
  async placedTimes(tx: FraudDetectionTransaction, ranges: readonly HistoryRange[]): Promise<Map<string, number[]>> {
    const times = new Map<string, number[]>();
    if (ranges.length === 0) return times;
    const rows = await tx.fraudCheck.findMany({
      where: {
        OR: ranges.map((range) => ({
          customerId: range.customerId,
          occurredAt: { gt: new Date(range.since), lte: new Date(range.until) },
        })),
      },
      select: { customerId: true, occurredAt: true },
    });
    for (const row of rows) {
      const list = times.get(row.customerId) ?? [];
      list.push(row.occurredAt.getTime());
      times.set(row.customerId, list);
    }
    return times;
  }

  async insertAll(tx: FraudDetectionTransaction, checks: readonly FraudCheckRecord[]): Promise<void> {
    if (checks.length === 0) return;
    await tx.fraudCheck.createMany({
      data: checks.map((check) => ({
        ...check,
        totalAmount: BigInt(check.totalAmount),
        occurredAt: new Date(check.occurredAt),
      })),
    });
  }

  async find(
    tx: FraudDetectionTransaction,
    orderId: string,
  ): Promise<Pick<FraudCheckRecord, 'orderId' | 'decision' | 'score' | 'reasons'> | null> {
    const row = await tx.fraudCheck.findUnique({
      where: { orderId },
      select: { orderId: true, decision: true, score: true, reasons: true },
    });
    return row && { ...row, decision: row.decision as FraudDecisionV1 };
  }
}
