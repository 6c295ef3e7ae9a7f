import { Injectable, Logger } from '@nestjs/common';
import type { ORDER_PLACED_V1, OrderPlacedV1 } from '@surge/contracts';
import { type DeliveredOn, PoisonEventError } from '@surge/messaging';
import { TransactionRunner } from '@surge/persistence';
import { BlocklistRepository } from '../../blocklist/blocklist.repository';
import type { FraudDetectionTransaction } from '../../database';
import { RulesRepository } from '../../rules/rules.repository';
import { fraudCheckCompletedEvent } from '../checks.events';
import { ChecksRepository } from '../checks.repository';
import {
  type FraudCheckRecord,
  fingerprintOf,
  ordersToCheck,
  scoreOrders,
  whyUncheckable,
} from '../domain/fraud-check';

interface CompletedCheck {
  readonly check: FraudCheckRecord;
  /** The OrderPlaced that was scored. */
  readonly cause: OrderPlacedV1;
}

/**
 * OrderPlaced → one fraud check per order → FraudCheckCompleted. A batch is
 * one transaction: inbox marks, the stored checks and their outbox rows
 * commit together or not at all.
 */
@Injectable()
export class CheckOrders {
  private readonly log = new Logger(CheckOrders.name);

  constructor(
    private readonly transactions: TransactionRunner<FraudDetectionTransaction>,
    private readonly checks: ChecksRepository,
    private readonly rules: RulesRepository,
    private readonly blocklist: BlocklistRepository,
  ) {}

  async handle(batch: readonly DeliveredOn<typeof ORDER_PLACED_V1>[]): Promise<void> {
    for (const { event } of batch) {
      const reason = whyUncheckable(event);
      // Fails the batch; its one-by-one replay then dead-letters only this event.
      if (reason) throw new PoisonEventError(`OrderPlaced of order ${event.orderId} cannot be checked: ${reason}`);
    }
    let completed: CompletedCheck[] = [];
    await this.transactions.consume(batch, async (tx, fresh, outbox) => {
      completed = await this.checkNew(
        tx,
        fresh.map((delivery) => delivery.event),
      );
      outbox.add(...completed.map(({ check, cause }) => fraudCheckCompletedEvent(check, cause)));
    });
    // Logged after commit: a rolled-back batch is retried and logs then.
    for (const { check, cause } of completed) {
      this.log.log({
        msg: 'fraud check completed',
        orderId: check.orderId,
        correlationId: cause.correlationId,
        customerId: check.customerId,
        decision: check.decision,
        score: check.score,
        reasons: check.reasons,
      });
    }
  }

  /**
   * Scores and stores one check per order in the caller's transaction. An
   * order already checked (an OrderPlaced redelivered under another event id)
   * is skipped: its decision was published when it was first checked.
   */
  private async checkNew(tx: FraudDetectionTransaction, placed: readonly OrderPlacedV1[]): Promise<CompletedCheck[]> {
    await this.checks.lockCustomers(
      tx,
      placed.map((order) => order.customerId),
    );
    const orders = ordersToCheck(
      placed,
      await this.checks.checkedOrderIds(
        tx,
        placed.map((order) => order.orderId),
      ),
    );
    if (orders.length === 0) return [];

    const thresholds = await this.rules.current(tx);
    const windowMs = thresholds.velocityWindowSeconds * 1_000;
    const blocklisted = await this.blocklist.matching(
      tx,
      orders.map((order) => order.customerId),
      orders.map(fingerprintOf),
    );
    const history = await this.checks.placedTimes(
      tx,
      orders.map((order) => ({
        customerId: order.customerId,
        since: order.occurredAt - windowMs,
        until: order.occurredAt,
      })),
    );

    const checks = scoreOrders(orders, { thresholds, blocklisted, history });
    await this.checks.insertAll(tx, checks);

    const byOrder = new Map(orders.map((order) => [order.orderId, order]));
    return checks.map((check) => ({ check, cause: byOrder.get(check.orderId) as OrderPlacedV1 }));
  }
}
