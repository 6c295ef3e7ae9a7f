import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { PaymentsDatabase, PaymentsTransaction } from '../database';
import type { Account, EntrySide, LedgerMovement, LedgerTotal, MovementKind } from './domain/ledger';
import type { OrderPaymentState, Payment, PaymentStatus, RefundReason } from './domain/payment';

interface PaymentRow {
  orderId: string;
  paymentId: string;
  customerId: string;
  status: string;
  amount: bigint;
  currency: string;
  reason: string | null;
}

const PAYMENT_COLUMNS = `order_id::text AS "orderId", payment_id::text AS "paymentId", customer_id AS "customerId",
  status, amount, currency, reason`;

/**
 * The only place payments reads and writes its tables: SQL inside the saga's transactions (SqlDatabase), Prisma
 * for the REST reads.
 */
@Injectable()
export class PaymentsRepository {
  constructor(@Inject(DATABASE) private readonly db: PaymentsDatabase) {}

  /**
   * Serializes every unit of work about the same orders until the caller's
   * transaction ends (advisory locks): a request and a cancellation of one
   * order never both miss each other. Locks are taken in one global order
   * (sorted ids), so two batches cannot deadlock.
   */
  async lockOrders(tx: PaymentsTransaction, orderIds: readonly string[]): Promise<void> {
    const sorted = [...new Set(orderIds)].sort();
    if (sorted.length === 0) return;
    // Volatile functions in the select list run after ORDER BY, hence in sorted order.
    await tx.$executeRawUnsafe(
      `SELECT pg_advisory_xact_lock(hashtextextended(t.id, 0))
       FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n) ORDER BY t.n`,
      sorted,
    );
  }

  async paymentStates(tx: PaymentsTransaction, orderIds: readonly string[]): Promise<Map<string, OrderPaymentState>> {
    const ids = [...new Set(orderIds)];
    const payments = await tx.$queryRawUnsafe<{ order_id: string }[]>(
      'SELECT order_id::text AS order_id FROM payments WHERE order_id = ANY($1::uuid[])',
      ids,
    );
    const closed = await tx.$queryRawUnsafe<{ order_id: string }[]>(
      'SELECT order_id::text AS order_id FROM closed_orders WHERE order_id = ANY($1::uuid[])',
      ids,
    );
    const attempted = new Set(payments.map((row) => row.order_id));
    const closedIds = new Set(closed.map((row) => row.order_id));
    return new Map(orderIds.map((id) => [id, { attempted: attempted.has(id), closed: closedIds.has(id) }]));
  }

  /**
   * Inserts the payments whose order has none yet and returns those inserted:
   * the primary key on order_id, not the caller, guarantees one payment per order.
   */
  async insertPayments(tx: PaymentsTransaction, payments: readonly Payment[]): Promise<Payment[]> {
    if (payments.length === 0) return [];
    const rows = await tx.$queryRawUnsafe<PaymentRow[]>(
      `INSERT INTO payments (order_id, payment_id, customer_id, status, amount, currency, reason, updated_at)
       SELECT p.order_id, p.payment_id, p.customer_id, p.status, p.amount, p.currency, p.reason, now()
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[])
         AS p(order_id, payment_id, customer_id, status, amount, currency, reason)
       ON CONFLICT DO NOTHING
       RETURNING ${PAYMENT_COLUMNS}`,
      payments.map((p) => p.orderId),
      payments.map((p) => p.paymentId),
      payments.map((p) => p.customerId),
      payments.map((p) => p.status),
      payments.map((p) => p.amount),
      payments.map((p) => p.currency),
      payments.map((p) => p.reason),
    );
    return rows.map(toPayment);
  }

  /** Marks the orders' AUTHORIZED payments REFUNDED and returns them; other payments stay as they are. */
  async refundAuthorized(
    tx: PaymentsTransaction,
    orderIds: readonly string[],
    reason: RefundReason,
  ): Promise<Payment[]> {
    if (orderIds.length === 0) return [];
    const rows = await tx.$queryRawUnsafe<PaymentRow[]>(
      `UPDATE payments SET status = 'REFUNDED', reason = $2, refunded_at = now(), updated_at = now()
       WHERE order_id = ANY($1::uuid[]) AND status = 'AUTHORIZED'
       RETURNING ${PAYMENT_COLUMNS}`,
      [...new Set(orderIds)],
      reason,
    );
    return rows.map(toPayment);
  }

  /** Remembers that these orders are closed; the first reason recorded for an order stays. */
  async closeOrders(tx: PaymentsTransaction, orderIds: readonly string[], reason: RefundReason): Promise<void> {
    if (orderIds.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO closed_orders (order_id, reason) SELECT id, $2 FROM unnest($1::uuid[]) AS t(id)
       ON CONFLICT DO NOTHING`,
      [...new Set(orderIds)],
      reason,
    );
  }

  async recordMovements(
    tx: PaymentsTransaction,
    movements: readonly { paymentId: string; movement: LedgerMovement }[],
  ): Promise<void> {
    const entries = movements.flatMap(({ paymentId, movement }) => {
      const transactionId = randomUUID();
      return movement.entries.map((entry) => ({ transactionId, paymentId, kind: movement.kind, ...entry }));
    });
    if (entries.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO ledger_entries (transaction_id, payment_id, kind, account, side, amount, currency)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])`,
      entries.map((entry) => entry.transactionId),
      entries.map((entry) => entry.paymentId),
      entries.map((entry) => entry.kind),
      entries.map((entry) => entry.account),
      entries.map((entry) => entry.side),
      entries.map((entry) => entry.amount),
      entries.map((entry) => entry.currency),
    );
  }

  async findPayment(orderId: string): Promise<Payment | null> {
    const row = await this.db.payment.findUnique({ where: { orderId } });
    return row ? toPayment(row) : null;
  }

  async ledgerTotals(): Promise<LedgerTotal[]> {
    const groups = await this.db.ledgerEntry.groupBy({
      by: ['currency', 'kind', 'account', 'side'],
      _sum: { amount: true },
    });
    return groups.map((group) => ({
      currency: group.currency,
      kind: group.kind as MovementKind,
      account: group.account as Account,
      side: group.side as EntrySide,
      total: group._sum.amount ?? 0n,
    }));
  }
}

function toPayment(row: PaymentRow): Payment {
  return {
    orderId: row.orderId,
    paymentId: row.paymentId,
    customerId: row.customerId,
    status: row.status as PaymentStatus,
    amount: row.amount,
    currency: row.currency,
    reason: row.reason,
  };
}
