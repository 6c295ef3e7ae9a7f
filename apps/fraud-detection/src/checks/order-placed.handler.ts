import { Controller, Logger } from '@nestjs/common';
import { ORDER_PLACED_V1, RETRY_DELAYS_MS } from '@surge/contracts';
import { type DeliveredOn, OnEvent, PoisonEventError, retryThenDeadLetter } from '@surge/messaging';
import { TransactionRunner } from '@surge/persistence';
import type { FraudDetectionTransaction } from '../database';
import { CheckPlacedOrders, type CompletedCheck, whyUncheckable } from './check-placed-orders';

/** Kafka adapter: one transaction (inbox, checks, outbox) per batch of OrderPlaced. */
@Controller()
export class OrderPlacedHandler {
  private readonly log = new Logger(OrderPlacedHandler.name);

  constructor(
    private readonly transactions: TransactionRunner<FraudDetectionTransaction>,
    private readonly checkPlacedOrders: CheckPlacedOrders,
  ) {}

  @OnEvent(ORDER_PLACED_V1, { onFailure: retryThenDeadLetter({ attempts: 3, retryTopics: RETRY_DELAYS_MS }) })
  async onOrderPlaced(batch: DeliveredOn<typeof ORDER_PLACED_V1>[]): Promise<void> {
    for (const { event } of batch) {
      const reason = whyUncheckable(event);
      // Fails the batch; its one-by-one replay then dead-letters only this event.
      if (reason) throw new PoisonEventError(`OrderPlaced of order ${event.orderId} cannot be checked: ${reason}`);
    }
    let completed: CompletedCheck[] = [];
    await this.transactions.consume(batch, async (tx, fresh, outbox) => {
      completed = await this.checkPlacedOrders.execute(
        tx,
        fresh.map((delivery) => delivery.event),
        outbox,
      );
    });
    // Logged after commit: a rolled-back batch is retried and logs then.
    for (const { check, correlationId } of completed) {
      this.log.log({
        msg: 'fraud check completed',
        orderId: check.orderId,
        correlationId,
        customerId: check.customerId,
        decision: check.decision,
        score: check.score,
        reasons: check.reasons,
      });
    }
  }
}
