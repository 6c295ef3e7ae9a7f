import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, Metrics } from '@surge/platform';
import { Counter } from 'prom-client';
import type { OrdersDatabase } from '../database';
import type { SagaDecision } from './domain/order-saga';
import { OrdersRepository } from './orders.repository';

const OUTCOMES = {
  OrderConfirmed: 'CONFIRMED',
  OrderRejected: 'REJECTED',
  OrderCancelled: 'CANCELLED',
} as const;

/**
 * How sagas end, and how many are still open: outcomes counted when their
 * decision commits, and the PENDING orders read from the database at scrape.
 */
@Injectable()
export class SagaMetrics {
  private readonly outcomes: Counter<'outcome' | 'reason'>;

  constructor(metrics: Metrics, repository: OrdersRepository, @Inject(DATABASE) db: OrdersDatabase) {
    this.outcomes = new Counter({
      name: 'surge_saga_outcomes_total',
      help: 'Sagas ended, by outcome (CONFIRMED, REJECTED, CANCELLED) and rejection reason ("none" otherwise)',
      labelNames: ['outcome', 'reason'],
      registers: [metrics.registry],
    });
    metrics.gaugesReadAtScrape(
      () => repository.pendingStats(db),
      [
        {
          name: 'surge_saga_pending_orders',
          help: 'Orders whose saga is still open (PENDING), read at scrape',
          value: (stats) => stats.pending,
        },
        {
          name: 'surge_saga_oldest_pending_age_seconds',
          help: 'How long the oldest PENDING order has waited, in seconds; 0 when none is (read at scrape)',
          value: (stats) => stats.oldestAgeSeconds,
        },
      ],
    );
  }

  /** Counts the decisions that end a saga; call once they are committed. */
  decided(decisions: readonly SagaDecision[]): void {
    for (const decision of decisions) {
      if (decision.type === 'PaymentRequested') continue;
      const reason = decision.type === 'OrderRejected' ? decision.reason : 'none';
      this.outcomes.inc({ outcome: OUTCOMES[decision.type], reason });
    }
  }
}
