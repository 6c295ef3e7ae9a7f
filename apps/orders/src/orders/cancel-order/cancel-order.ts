import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@surge/persistence';
import { DomainError } from '@surge/platform';
import type { OrdersTransaction } from '../../database';
import { cancel, type OrderStatus } from '../domain/order-saga';
import { orderNotFound } from '../get-order/get-order';
import { decisionEvent } from '../orders.events';
import { OrdersRepository } from '../orders.repository';
import { SagaMetrics } from '../saga-metrics';
import { withTokenKeptWhileNeeded } from '../token';

/** The customer's cancel: under the order's row lock, so a racing answer sees the cancel or the cancel sees the answer. */
@Injectable()
export class CancelOrder {
  private readonly log = new Logger(CancelOrder.name);

  constructor(
    private readonly transactions: TransactionRunner<OrdersTransaction>,
    private readonly orders: OrdersRepository,
    private readonly sagaMetrics: SagaMetrics,
  ) {}

  async cancel(orderId: string, correlationId: string): Promise<{ orderId: string; status: OrderStatus }> {
    const decisions = await this.transactions.run(async (tx, outbox) => {
      const order = (await this.orders.lock(tx, [orderId])).get(orderId);
      if (!order) throw orderNotFound(orderId);
      const outcome = cancel(order.state);
      if (!outcome.cancelled) {
        throw new DomainError('ORDERS.ORDER_FINAL', `order ${orderId} is already ${outcome.status}`, 'conflict');
      }
      const timeline = outcome.transition.decisions.map((decision) => {
        const published = decisionEvent(order, decision, { startedBy: { correlationId } });
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
