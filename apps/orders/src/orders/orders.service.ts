import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ORDER_PLACED_V1, type OrderPlacedV1 } from '@surge/contracts';
import {
  activeTraceParent,
  GroupCommit,
  isDatabaseUnavailable,
  type Settled,
  settled,
  TransactionRunner,
} from '@surge/persistence';
import { DATABASE, DomainError } from '@surge/platform';
import type { OrdersDatabase, OrdersTransaction } from '../database';
import { canonicalHash, cardCountry, cardFingerprint, orderTotal, type RequestedItem } from './domain/order-request';
import { type OrderStatus, cancel } from './domain/order-saga';
import {
  type NewOrder,
  type OrderFilter,
  OrdersRepository,
  type OrderWithTimeline,
  type StoredOrder,
  type TimelineRecord,
} from './orders.repository';
import { decisionEvent } from './saga-events';
import { SagaMetrics } from './saga-metrics';
import { withTokenKeptWhileNeeded } from './token';

export interface PlaceOrder {
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

/** The order use cases a client starts: place, read, cancel. */
@Injectable()
export class OrdersService {
  private readonly log = new Logger(OrdersService.name);

  constructor(
    private readonly transactions: TransactionRunner<OrdersTransaction>,
    private readonly orders: OrdersRepository,
    @Inject(DATABASE) private readonly db: OrdersDatabase,
    private readonly sagaMetrics: SagaMetrics,
  ) {}

  private readonly placements = new GroupCommit<NewOrder, Placed>((orders) => this.placeAll(orders), {
    // When the database is away every order would meet the same failure: no point in trying them one by one.
    isolate: (error) => !isDatabaseUnavailable(error),
  });

  /**
   * Stores the order PENDING with its lines and OrderPlaced, committed with
   * the other orders placed meanwhile (GroupCommit: one transaction per batch
   * of requests). With an idempotency key (global scope), a repeat of the same
   * body answers the first order; another body under the key is a conflict.
   */
  async place(request: PlaceOrder, idempotencyKey: string | null, correlationId: string): Promise<Placed> {
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
          const event = orderPlaced(order);
          outbox.add({ topic: ORDER_PLACED_V1, event, traceParent: order.traceParent });
          timeline.push({ orderId: order.id, type: 'OrderPlaced', at: order.createdAt, eventId: event.eventId });
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

  async get(orderId: string): Promise<OrderWithTimeline> {
    const order = await this.orders.find(this.db, orderId);
    if (!order) throw notFound(orderId);
    return order;
  }

  async list(filter: OrderFilter): Promise<{ items: StoredOrder[]; total: number }> {
    return this.orders.page(this.db, filter);
  }

  /** Under the order's row lock, so a racing answer sees the cancel or the cancel sees the answer. */
  async cancel(orderId: string, correlationId: string): Promise<{ orderId: string; status: OrderStatus }> {
    const decisions = await this.transactions.run(async (tx, outbox) => {
      const order = (await this.orders.lock(tx, [orderId])).get(orderId);
      if (!order) throw notFound(orderId);
      const outcome = cancel(order.state);
      if (!outcome.cancelled) {
        throw new DomainError('ORDERS.ORDER_FINAL', `order ${orderId} is already ${outcome.status}`, 'conflict');
      }
      const timeline = outcome.transition.decisions.map((decision) => {
        const published = decisionEvent(order, decision, { correlationId, causationId: null });
        outbox.add(published.entry);
        return published.timeline;
      });
      await this.orders.saveState(tx, [withTokenKeptWhileNeeded({ ...order, state: outcome.transition.next })]);
      await this.orders.appendTimeline(tx, timeline);
      return outcome.transition.decisions;
    });
    this.sagaMetrics.decided(decisions);
    this.log.log({ msg: 'order cancelled', orderId, correlationId });
    return { orderId, status: 'CANCELLED' };
  }
}

function orderPlaced(order: NewOrder): OrderPlacedV1 {
  return {
    eventId: randomUUID(),
    correlationId: order.correlationId,
    causationId: null,
    occurredAt: order.createdAt.getTime(),
    orderId: order.id,
    customerId: order.customerId,
    currency: order.currency,
    lines: order.items.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
    totalAmount: order.totalAmount,
    paymentTokenFingerprint: order.cardFingerprint,
    cardCountry: order.cardCountry,
    shippingCountry: order.shippingAddress.country ?? '',
  };
}

function notFound(orderId: string): DomainError {
  return new DomainError('ORDERS.ORDER_NOT_FOUND', `order ${orderId} does not exist`, 'not_found');
}
