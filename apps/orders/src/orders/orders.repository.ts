import { Injectable } from '@nestjs/common';
import type { OrdersDatabase, OrdersTransaction } from '../database';
import type { Prisma } from '../generated/prisma/client';
import type { RequestedItem } from './domain/order-request';
import type { OrderStatus, RejectionReason, SagaState } from './domain/order-saga';

/** An order as the saga needs it, read under a row lock. */
export interface LockedOrder {
  readonly id: string;
  readonly customerId: string;
  /** Minor units of currency. */
  readonly totalAmount: number;
  readonly currency: string;
  /** null once PaymentRequested is published or the order is final. */
  readonly paymentToken: string | null;
  /** The correlation id of the request that placed the order. */
  readonly correlationId: string;
  readonly state: SagaState;
}

export interface NewOrder {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly items: readonly RequestedItem[];
  /** Minor units of currency. */
  readonly totalAmount: number;
  readonly paymentToken: string;
  readonly cardFingerprint: string;
  readonly cardCountry: string;
  readonly shippingAddress: Record<string, string>;
  readonly correlationId: string;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly createdAt: Date;
  /** W3C traceparent of the request that placed it (not stored): OrderPlaced continues that trace. */
  readonly traceParent?: string;
}

export interface TimelineRecord {
  readonly orderId: string;
  readonly type: string;
  readonly at: Date;
  readonly eventId: string;
}

export interface StoredOrder {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly reason: string | null;
  readonly items: RequestedItem[];
  /** Minor units of currency. */
  readonly totalAmount: number;
  readonly currency: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface OrderWithTimeline extends StoredOrder {
  readonly timeline: { type: string; at: Date }[];
}

export interface OrderFilter {
  readonly customerId?: string;
  readonly status?: OrderStatus;
  readonly limit: number;
  readonly offset: number;
}

interface LockedRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  reason: string | null;
  detail: string | null;
  total_amount: bigint;
  currency: string;
  payment_token: string | null;
  correlation_id: string;
  inventory_answer: SagaState['inventory'];
  fraud_answer: SagaState['fraud'];
  payment_requested: boolean;
  payment_answer: SagaState['payment'];
}

const LINES_IN_ORDER = { orderBy: { position: 'asc' } } as const;

/** Orders, their lines and their timeline, inside the caller's transaction. */
@Injectable()
export class OrdersRepository {
  /**
   * Inserts the orders and their lines, except those whose idempotency key is
   * taken (by an earlier order or one before it in the list); a concurrent
   * insert of the same key waits for the other transaction and then inserts
   * nothing, so one key never creates two orders. Returns the ids inserted.
   */
  async insertAll(tx: OrdersTransaction, orders: readonly NewOrder[]): Promise<Set<string>> {
    if (orders.length === 0) return new Set();
    const column = <T>(pick: (order: NewOrder) => T): T[] => orders.map(pick);
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO orders (id, customer_id, status, total_amount, currency, payment_token, card_fingerprint,
         card_country, shipping_address, correlation_id, idempotency_key, request_hash, created_at, updated_at)
       SELECT o.id, o.customer_id, 'PENDING', o.total_amount, o.currency, o.payment_token, o.card_fingerprint,
         o.card_country, o.shipping_address, o.correlation_id, o.idempotency_key, o.request_hash, o.created_at,
         o.created_at
       FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[],
         $9::text[], $10::text[], $11::text[], $12::timestamptz[])
         WITH ORDINALITY AS o(id, customer_id, total_amount, currency, payment_token, card_fingerprint, card_country,
           shipping_address, correlation_id, idempotency_key, request_hash, created_at, n)
       -- In key order, so that two batches holding the same keys wait for each other instead of deadlocking.
       ORDER BY o.idempotency_key, o.n
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id::text AS id`,
      column((order) => order.id),
      column((order) => order.customerId),
      column((order) => order.totalAmount),
      column((order) => order.currency),
      column((order) => order.paymentToken),
      column((order) => order.cardFingerprint),
      column((order) => order.cardCountry),
      column((order) => JSON.stringify(order.shippingAddress)),
      column((order) => order.correlationId),
      column((order) => order.idempotencyKey),
      column((order) => order.requestHash),
      column((order) => order.createdAt.toISOString()),
    );
    const inserted = new Set(rows.map((row) => row.id));
    const lines = orders
      .filter((order) => inserted.has(order.id))
      .flatMap((order) => order.items.map((item, position) => ({ orderId: order.id, position, ...item })));
    if (lines.length > 0) {
      await tx.$executeRawUnsafe(
        `INSERT INTO order_lines (order_id, position, sku, quantity, unit_price)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::bigint[])`,
        lines.map((line) => line.orderId),
        lines.map((line) => line.position),
        lines.map((line) => line.sku),
        lines.map((line) => line.quantity),
        lines.map((line) => line.unitPrice),
      );
    }
    return inserted;
  }

  /** The orders holding these idempotency keys, by key. */
  async findByIdempotencyKeys(
    tx: OrdersTransaction,
    keys: readonly string[],
  ): Promise<Map<string, { id: string; status: OrderStatus; requestHash: string | null }>> {
    if (keys.length === 0) return new Map();
    const rows = await tx.$queryRawUnsafe<
      { id: string; status: OrderStatus; request_hash: string | null; idempotency_key: string }[]
    >(
      `SELECT id::text AS id, status::text AS status, request_hash, idempotency_key
       FROM orders WHERE idempotency_key = ANY($1::text[])`,
      [...new Set(keys)],
    );
    return new Map(
      rows.map((row) => [row.idempotency_key, { id: row.id, status: row.status, requestHash: row.request_hash }]),
    );
  }

  /**
   * Locks these orders until commit, in id order so that concurrent batches
   * wait for each other instead of deadlocking. Unknown ids are absent.
   */
  async lock(tx: OrdersTransaction, orderIds: readonly string[]): Promise<Map<string, LockedOrder>> {
    const ids = [...new Set(orderIds)].filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows = await tx.$queryRawUnsafe<LockedRow[]>(
      `SELECT ${LOCKED_COLUMNS} FROM orders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      ids,
    );
    return new Map(rows.map((row) => [row.id, toLocked(row)]));
  }

  /**
   * Locks up to `limit` PENDING orders placed before `placedBefore`, oldest
   * first (index on status, created_at), until commit. Rows another
   * transaction holds (an answer or a cancel being applied, another replica's
   * sweep) are skipped, not waited for: they are looked at again next time,
   * and this never waits on a row lock, so it cannot deadlock with `lock`.
   */
  async lockOverdue(tx: OrdersTransaction, placedBefore: Date, limit: number): Promise<LockedOrder[]> {
    const rows = await tx.$queryRawUnsafe<LockedRow[]>(
      `SELECT ${LOCKED_COLUMNS} FROM orders
       WHERE status = 'PENDING' AND created_at < $1::timestamptz
       ORDER BY created_at LIMIT $2::int FOR UPDATE SKIP LOCKED`,
      placedBefore.toISOString(),
      limit,
    );
    return rows.map(toLocked);
  }

  /** How many orders are PENDING and how long the oldest has been, in seconds (0 when none is). */
  async pendingStats(db: OrdersDatabase): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row] = await db.$queryRawUnsafe<{ n: bigint | number; age: number | null }[]>(
      `SELECT count(*) AS n, EXTRACT(EPOCH FROM (now() - min(created_at)))::float8 AS age
       FROM orders WHERE status = 'PENDING'`,
    );
    return { pending: Number(row?.n ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
  }

  /** Writes the saga state of orders locked by `lock` or `lockOverdue` in this transaction, in one statement. */
  async saveState(tx: OrdersTransaction, orders: readonly LockedOrder[]): Promise<void> {
    if (orders.length === 0) return;
    const column = <T>(pick: (order: LockedOrder) => T): T[] => orders.map(pick);
    await tx.$executeRawUnsafe(
      `UPDATE orders SET status = s.status::"OrderStatus", reason = s.reason, detail = s.detail,
         inventory_answer = s.inventory_answer, fraud_answer = s.fraud_answer,
         payment_requested = s.payment_requested, payment_answer = s.payment_answer,
         payment_token = s.payment_token, updated_at = $10::timestamptz
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[],
         $9::text[]) AS s(id, status, reason, detail, inventory_answer, fraud_answer, payment_requested, payment_answer,
         payment_token)
       WHERE orders.id = s.id`,
      column((order) => order.id),
      column((order) => order.state.status),
      column((order) => order.state.reason),
      column((order) => order.state.detail),
      column((order) => order.state.inventory),
      column((order) => order.state.fraud),
      column((order) => order.state.paymentRequested),
      column((order) => order.state.payment),
      column((order) => order.paymentToken),
      // The application's clock, as for created_at (and as Prisma's @updatedAt did).
      new Date().toISOString(),
    );
  }

  async appendTimeline(tx: OrdersTransaction, entries: readonly TimelineRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO order_timeline (order_id, type, at, event_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[])
       ON CONFLICT DO NOTHING`,
      entries.map((entry) => entry.orderId),
      entries.map((entry) => entry.type),
      entries.map((entry) => entry.at.toISOString()),
      entries.map((entry) => entry.eventId),
    );
  }

  /** Reads go through Prisma: typed, and off the saga's hot path. */
  async find(db: OrdersDatabase, id: string): Promise<OrderWithTimeline | null> {
    const row = await db.order.findUnique({
      where: { id },
      include: { lines: LINES_IN_ORDER, timeline: { orderBy: { id: 'asc' } } },
    });
    if (!row) return null;
    return { ...toStored(row), timeline: row.timeline.map(({ type, at }) => ({ type, at })) };
  }

  /** Newest first; ties broken by id so pages are stable. */
  async page(db: OrdersDatabase, filter: OrderFilter): Promise<{ items: StoredOrder[]; total: number }> {
    const where: Prisma.OrderWhereInput = { customerId: filter.customerId, status: filter.status };
    const [rows, total] = await Promise.all([
      db.order.findMany({
        where,
        include: { lines: LINES_IN_ORDER },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: filter.limit,
        skip: filter.offset,
      }),
      db.order.count({ where }),
    ]);
    return { items: rows.map(toStored), total };
  }
}

const LOCKED_COLUMNS = `id::text AS id, customer_id, status::text AS status, reason, detail, total_amount, currency,
  payment_token, correlation_id, inventory_answer, fraud_answer, payment_requested, payment_answer`;

function toLocked(row: LockedRow): LockedOrder {
  return {
    id: row.id,
    customerId: row.customer_id,
    totalAmount: Number(row.total_amount),
    currency: row.currency,
    paymentToken: row.payment_token,
    correlationId: row.correlation_id,
    state: {
      status: row.status,
      reason: row.reason as RejectionReason | null,
      detail: row.detail,
      inventory: row.inventory_answer,
      fraud: row.fraud_answer,
      paymentRequested: row.payment_requested,
      payment: row.payment_answer,
    },
  };
}

type OrderRow = Prisma.OrderGetPayload<{ include: { lines: true } }>;

function toStored(row: OrderRow): StoredOrder {
  return {
    id: row.id,
    customerId: row.customerId,
    status: row.status,
    reason: row.reason,
    items: row.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, unitPrice: Number(line.unitPrice) })),
    totalAmount: Number(row.totalAmount),
    currency: row.currency,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Event keys come from other services: a malformed id names no order here. */
function isUuid(id: string): boolean {
  return UUID.test(id);
}
