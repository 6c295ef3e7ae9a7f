import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@surge/persistence';
import { Metrics } from '@surge/platform';
import { Counter } from 'prom-client';
import type { OrdersTransaction } from '../../database';
import { type SagaDecision, timeOut } from '../domain/order-saga';
import { decisionEvent } from '../orders.events';
import { type LockedOrder, OrdersRepository, type TimelineRecord } from '../orders.repository';
import { SagaMetrics } from '../saga-metrics';
import { withTokenKeptWhileNeeded } from '../token';

export const SAGA_DEADLINE = Symbol('SAGA_DEADLINE');

export interface SagaDeadlineOptions {
  /** How long an order may stay PENDING after it was placed, in ms. */
  readonly deadlineMs: number;
  /** How often the sweeper looks for overdue orders, in ms. */
  readonly sweepIntervalMs: number;
  /** Orders timed out per transaction at most. */
  readonly batchSize: number;
}

export interface TimedOut {
  readonly orderId: string;
  readonly correlationId: string;
  readonly detail: string | null;
}

/**
 * The saga deadline as a use case: one transaction locks the oldest orders
 * still PENDING `deadlineMs` after they were placed (skipping rows other
 * transactions hold, so replicas share the work), rejects them as TIMEOUT,
 * and writes their state, timeline and OrderRejected to the outbox. Answers
 * and cancels take the same row lock, so for one order either the timeout or
 * the answer comes first and the other sees its outcome.
 */
@Injectable()
export class TimeOutOverdueOrders {
  private readonly log = new Logger('SagaDeadline');
  private readonly timeouts: Counter;

  constructor(
    private readonly transactions: TransactionRunner<OrdersTransaction>,
    private readonly orders: OrdersRepository,
    @Inject(SAGA_DEADLINE) private readonly options: SagaDeadlineOptions,
    metrics: Metrics,
    private readonly sagaMetrics: SagaMetrics,
  ) {
    this.timeouts = new Counter({
      name: 'surge_saga_timeouts_total',
      help: 'Orders rejected as TIMEOUT because the saga deadline passed while they were PENDING',
      registers: [metrics.registry],
    });
  }

  /** One sweep of at most `batchSize` orders; returns the orders it timed out, once committed. */
  async sweep(now: number = Date.now()): Promise<TimedOut[]> {
    const placedBefore = new Date(now - this.options.deadlineMs);
    const decided: SagaDecision[] = [];
    const timedOut = await this.transactions.run(async (tx, outbox) => {
      decided.length = 0;
      const overdue = await this.orders.lockOverdue(tx, placedBefore, this.options.batchSize);
      const changed: LockedOrder[] = [];
      const timeline: TimelineRecord[] = [];
      const rejected: TimedOut[] = [];
      for (const order of overdue) {
        const { next, decisions } = timeOut(order.state);
        for (const decision of decisions) {
          // Nothing consumed caused it: it acts for the request that placed the order (no causation id).
          const published = decisionEvent(order, decision, { startedBy: { correlationId: order.correlationId } });
          outbox.add(published.entry);
          timeline.push(published.timeline);
          decided.push(decision);
        }
        if (next === order.state) continue;
        changed.push(withTokenKeptWhileNeeded({ ...order, state: next }));
        rejected.push({ orderId: order.id, correlationId: order.correlationId, detail: next.detail });
      }
      await this.orders.saveState(tx, changed);
      await this.orders.appendTimeline(tx, timeline);
      return rejected;
    });
    for (const { orderId, correlationId, detail } of timedOut) {
      this.log.warn({ msg: 'order saga: timed out, OrderRejected (TIMEOUT)', orderId, correlationId, detail });
    }
    this.timeouts.inc(timedOut.length);
    this.sagaMetrics.decided(decided);
    return timedOut;
  }
}
