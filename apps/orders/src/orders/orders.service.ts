import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ORDER_PLACED_V1 } from '@surge/contracts';
import { TransactionRunner } from '@surge/persistence';
import { DATABASE, DomainError } from '@surge/platform';
import type { OrdersDatabase, OrdersTransaction } from '../database';
import { canonicalHash, cardCountry, cardFingerprint, orderTotal, type RequestedItem } from './domain/order-request';
import { type OrderStatus, cancel } from './domain/order-saga';
import { type OrderFilter, OrdersRepository, type OrderWithTimeline, type StoredOrder } from './orders.repository';
import { decisionEvent } from './saga-events';
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
  ) {}

  /**
   * Stores the order PENDING with its lines and OrderPlaced in one
   * transaction. With an idempotency key (global scope), a repeat of the same
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
    const requestHash = idempotencyKey === null ? null : canonicalHash(request);
    const orderId = randomUUID();
    const createdAt = new Date();
    const token = request.payment.token;
    const { country, city, line1, postalCode } = request.shippingAddress;
    const placed = await this.transactions.run(async (tx, outbox): Promise<Placed> => {
      const inserted = await this.orders.insert(tx, {
        id: orderId,
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
        requestHash,
        createdAt,
      });
      if (!inserted && idempotencyKey !== null) {
        const existing = await this.orders.findByIdempotencyKey(tx, idempotencyKey);
        if (!existing) throw new Error(`invariant broken: idempotency key conflict without an order`);
        if (existing.requestHash !== requestHash) {
          throw new DomainError(
            'ORDERS.IDEMPOTENCY_KEY_REUSED',
            'Idempotency-Key: already used with a different request body',
            'conflict',
          );
        }
        return { orderId: existing.id, status: existing.status, created: false };
      }
      const event = {
        eventId: randomUUID(),
        correlationId,
        causationId: null,
        occurredAt: createdAt.getTime(),
        orderId,
        customerId: request.customerId,
        currency: request.currency,
        lines: request.items.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
        totalAmount,
        paymentTokenFingerprint: cardFingerprint(token),
        cardCountry: cardCountry(token),
        shippingCountry: country,
      };
      outbox.add({ topic: ORDER_PLACED_V1, event });
      await this.orders.appendTimeline(tx, [{ orderId, type: 'OrderPlaced', at: createdAt, eventId: event.eventId }]);
      return { orderId, status: 'PENDING', created: true };
    });
    this.log.log({
      msg: placed.created ? 'order placed' : 'order placement replayed',
      orderId: placed.orderId,
      correlationId,
      totalAmount,
    });
    return placed;
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
    await this.transactions.run(async (tx, outbox) => {
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
    });
    this.log.log({ msg: 'order cancelled', orderId, correlationId });
    return { orderId, status: 'CANCELLED' };
  }
}

function notFound(orderId: string): DomainError {
  return new DomainError('ORDERS.ORDER_NOT_FOUND', `order ${orderId} does not exist`, 'not_found');
}
