import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  activeTraceParent,
  GroupCommit,
  isDatabaseUnavailable,
  type Settled,
  settled,
  TransactionRunner,
} from '@surge/persistence';
import { DomainError } from '@surge/platform';
import type { OrdersTransaction } from '../../database';
import { canonicalHash, cardCountry, cardFingerprint, orderTotal, type RequestedItem } from '../domain/order-request';
import type { OrderStatus } from '../domain/order-saga';
import { orderPlaced } from '../orders.events';
import { type NewOrder, OrdersRepository, type TimelineRecord } from '../orders.repository';

export interface OrderRequest {
  readonly customerId: string;
  readonly currency: string;
  readonly items: readonly RequestedItem[];
  readonly payment: { readonly token: string };
  readonly shippingAddress: {
    readonly country: string;
    readonly city?: string;
    readonly line1?: string;
    readonly postalCode?: string;
  };
}

export interface Placed {
  readonly orderId: string;
  readonly status: OrderStatus;
  /** False when an earlier request with the same idempotency key created the order. */
  readonly created: boolean;
}

/**
 * Stores the order PENDING with its lines and OrderPlaced, committed with
 * the other orders placed meanwhile (GroupCommit: one transaction per batch
 * of requests). With an idempotency key (global scope), a repeat of the same
 * body answers the first order; another body under the key is a conflict.
 */
@Injectable()
export class PlaceOrder {
  private readonly log = new Logger(PlaceOrder.name);

  constructor(
    private readonly transactions: TransactionRunner<OrdersTransaction>,
    private readonly orders: OrdersRepository,
  ) {}

  private readonly placements = new GroupCommit<NewOrder, Placed>((orders) => this.placeAll(orders), {
    // When the database is away every order would meet the same failure: no point in trying them one by one.
    isolate: (error) => !isDatabaseUnavailable(error),
  });

  async place(request: OrderRequest, idempotencyKey: string | null, correlationId: string): Promise<Placed> {
    const totalAmount = orderTotal(request.items);
    if (totalAmount === null) {
      throw new DomainError(
        'ORDERS.TOTAL_TOO_LARGE',
        `items: the total amount exceeds ${Number.MAX_SAFE_INTEGER} minor units`,
        'invalid',
      );
    }
    const token = request.payment.token;
    const { country, city, line1, postalCode } = request.shippingAddress;
    const placed = await this.placements.submit({
      id: randomUUID(),
      customerId: request.customerId,
      currency: request.currency,
      items: request.items,
      totalAmount,
      paymentToken: token,
      cardFingerprint: cardFingerprint(token),
      cardCountry: cardCountry(token),
      shippingAddress: Object.fromEntries(
        Object.entries({ country, city, line1, postalCode }).filter(([, v]) => v !== undefined),
      ) as Record<string, string>,
      correlationId,
      idempotencyKey,
      requestHash: idempotencyKey === null ? null : canonicalHash(request),
      createdAt: new Date(),
      // The batch commits in another request's context: each order keeps its own trace.
      traceParent: activeTraceParent(),
    });
    this.log.log({
      msg: placed.created ? 'order placed' : 'order placement replayed',
      orderId: placed.orderId,
      correlationId,
      totalAmount,
    });
    return placed;
  }

  /** One transaction for a batch of placements; each gets its own answer (or conflict). */
  private async placeAll(orders: NewOrder[]): Promise<Settled<Placed>[]> {
    return this.transactions.run(async (tx, outbox) => {
      const inserted = await this.orders.insertAll(tx, orders);
      const keysTaken = orders.flatMap((order) =>
        !inserted.has(order.id) && order.idempotencyKey !== null ? [order.idempotencyKey] : [],
      );
      const earlier = await this.orders.findByIdempotencyKeys(tx, keysTaken);
      const timeline: TimelineRecord[] = [];
      const results = orders.map((order): Settled<Placed> => {
        if (inserted.has(order.id)) {
          const published = orderPlaced(order);
          outbox.add(published.entry);
          timeline.push(published.timeline);
          return settled.ok({ orderId: order.id, status: 'PENDING', created: true });
        }
        const existing = order.idempotencyKey === null ? undefined : earlier.get(order.idempotencyKey);
        if (!existing) return settled.failed(new Error('invariant broken: order not inserted and no key holds it'));
        if (existing.requestHash !== order.requestHash) {
          return settled.failed(
            new DomainError(
              'ORDERS.IDEMPOTENCY_KEY_REUSED',
              'Idempotency-Key: already used with a different request body',
              'conflict',
            ),
          );
        }
        return settled.ok({ orderId: existing.id, status: existing.status, created: false });
      });
      await this.orders.appendTimeline(tx, timeline);
      return results;
    });
  }
}
