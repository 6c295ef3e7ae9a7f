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

/** The only place payments reads and writes its tables. */
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
    const payments = await tx.payment.findMany({
      where: { orderId: { in: [...orderIds] } },
      select: { orderId: true },
    });
    const closed = await tx.closedOrder.findMany({
      where: { orderId: { in: [...orderIds] } },
      select: { orderId: true },
    });
    const attempted = new Set(payments.map((row) => row.orderId));
    const closedIds = new Set(closed.map((row) => row.orderId));
    return new Map(orderIds.map((id) => [id, { attempted: attempted.has(id), closed: closedIds.has(id) }]));
  }

  /**
   * Inserts the payments whose order has none yet and returns those inserted:
   * the primary key on order_id, not the caller, guarantees one payment per order.
   */
  async insertPayments(tx: PaymentsTransaction, payments: readonly Payment[]): Promise<Payment[]> {
    if (payments.length === 0) return [];
    const rows = await tx.payment.createManyAndReturn({
      data: payments.map(({ orderId, paymentId, customerId, status, amount, currency, reason }) => ({
        orderId,
        paymentId,
        customerId,
        status,
        amount,
        currency,
        reason,
      })),
      skipDuplicates: true,
    });
    return rows.map(toPayment);
  }

  /** Marks the orders' AUTHORIZED payments REFUNDED and returns them; other payments stay as they are. */
  async refundAuthorized(
    tx: PaymentsTransaction,
    orderIds: readonly string[],
    reason: RefundReason,
  ): Promise<Payment[]> {
    if (orderIds.length === 0) return [];
    const rows = await tx.payment.updateManyAndReturn({
      where: { orderId: { in: [...orderIds] }, status: 'AUTHORIZED' },
      data: { status: 'REFUNDED', reason, refundedAt: new Date() },
    });
    return rows.map(toPayment);
  }

  /** Remembers that these orders are closed; the first reason recorded for an order stays. */
  async closeOrders(tx: PaymentsTransaction, orderIds: readonly string[], reason: RefundReason): Promise<void> {
    if (orderIds.length === 0) return;
    await tx.closedOrder.createMany({ data: orderIds.map((orderId) => ({ orderId, reason })), skipDuplicates: true });
  }

  async recordMovements(
    tx: PaymentsTransaction,
    movements: readonly { paymentId: string; movement: LedgerMovement }[],
  ): Promise<void> {
    const data = movements.flatMap(({ paymentId, movement }) => {
      const transactionId = randomUUID();
      return movement.entries.map((entry) => ({ transactionId, paymentId, kind: movement.kind, ...entry }));
    });
    if (data.length > 0) await tx.ledgerEntry.createMany({ data });
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
