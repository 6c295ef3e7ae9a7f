import { Injectable } from '@nestjs/common';
import type { InventoryTransaction } from '../database';
import type { ProductStock, Reservation, ReservationStatus, StockLine } from './domain/reservation';

interface ReservationRow {
  order_id: string;
  status: ReservationStatus;
  lines: StockLine[];
  reason: string | null;
  correlation_id: string;
}

interface ProductRow {
  sku: string;
  unit_price: bigint;
  currency: string;
  available: number;
  reserved: number;
  sold: number;
}

/**
 * Reservations and the stock they move, inside the caller's transaction.
 *
 * Lock order, the same for every transaction that takes more than one lock:
 * reservation rows by order id, then product rows by sku. Concurrent batches
 * (several partitions, several replicas) therefore wait for each other instead
 * of deadlocking, and never both spend the same units.
 */
@Injectable()
export class ReservationsRepository {
  /** Locks the existing records of these orders until commit; missing orders are absent from the map. */
  async lockReservations(tx: InventoryTransaction, orderIds: readonly string[]): Promise<Map<string, Reservation>> {
    const rows = await tx.$queryRawUnsafe<ReservationRow[]>(
      `SELECT order_id, status::text AS status, lines, reason, correlation_id
       FROM reservations WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
      [...new Set(orderIds)],
    );
    return new Map(
      rows.map((row) => [
        row.order_id,
        {
          orderId: row.order_id,
          status: row.status,
          lines: row.lines,
          reason: row.reason,
          correlationId: row.correlation_id,
        },
      ]),
    );
  }

  /** Locks the products of these skus until commit; unknown skus are absent from the map. */
  async lockStock(tx: InventoryTransaction, skus: readonly string[]): Promise<Map<string, ProductStock>> {
    if (skus.length === 0) return new Map();
    const rows = await tx.$queryRawUnsafe<ProductRow[]>(
      `SELECT sku, unit_price, currency, available, reserved, sold
       FROM products WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`,
      [...new Set(skus)],
    );
    return new Map(
      rows.map((row) => [
        row.sku,
        {
          sku: row.sku,
          unitPrice: Number(row.unit_price),
          currency: row.currency,
          available: row.available,
          reserved: row.reserved,
          sold: row.sold,
        },
      ]),
    );
  }

  /**
   * Writes the records: new ones are inserted, never upserted, so that two
   * batches that both saw no record for an order cannot both win; the loser
   * fails on the primary key and its batch is retried against the winner's row.
   */
  async saveReservations(
    tx: InventoryTransaction,
    changed: ReadonlyMap<string, Reservation>,
    existing: ReadonlyMap<string, Reservation>,
  ): Promise<void> {
    const sorted = [...changed.values()].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    const created = sorted.filter((r) => !existing.has(r.orderId));
    const updated = sorted.filter((r) => existing.has(r.orderId));
    if (created.length > 0) {
      await tx.$executeRawUnsafe(
        `INSERT INTO reservations (order_id, status, lines, reason, correlation_id, updated_at)
         SELECT c.order_id, c.status::reservation_status, c.lines, c.reason, c.correlation_id, now()
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[])
           AS c(order_id, status, lines, reason, correlation_id)`,
        created.map((r) => r.orderId),
        created.map((r) => r.status),
        created.map((r) => JSON.stringify(r.lines.map(({ sku, quantity }) => ({ sku, quantity })))),
        created.map((r) => r.reason),
        created.map((r) => r.correlationId),
      );
    }
    if (updated.length > 0) {
      await tx.$executeRawUnsafe(
        `UPDATE reservations AS r
         SET status = u.status::reservation_status, lines = u.lines, reason = u.reason, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) AS u(order_id, status, lines, reason)
         WHERE r.order_id = u.order_id`,
        updated.map((r) => r.orderId),
        updated.map((r) => r.status),
        updated.map((r) => JSON.stringify(r.lines.map(({ sku, quantity }) => ({ sku, quantity })))),
        updated.map((r) => r.reason),
      );
    }
  }

  /** Writes the counters of products locked by lockStock in this transaction. */
  async saveStock(tx: InventoryTransaction, stock: ReadonlyMap<string, ProductStock>): Promise<void> {
    if (stock.size === 0) return;
    const products = [...stock.values()].sort((a, b) => (a.sku < b.sku ? -1 : 1));
    await tx.$executeRawUnsafe(
      `UPDATE products AS p
       SET available = u.available, reserved = u.reserved, sold = u.sold, updated_at = now()
       FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS u(sku, available, reserved, sold)
       WHERE p.sku = u.sku`,
      products.map((p) => p.sku),
      products.map((p) => p.available),
      products.map((p) => p.reserved),
      products.map((p) => p.sold),
    );
  }
}
