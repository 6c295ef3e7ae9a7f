import { Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@surge/contracts';
import type { Delivered } from '@surge/messaging';
import { TransactionRunner } from '@surge/persistence';
import type { OrdersTransaction } from '../../database';
import { type SagaAnswer, type SagaDecision, applyAnswer } from '../domain/order-saga';
import { decisionEvent } from '../orders.events';
import { type LockedOrder, OrdersRepository, type TimelineRecord } from '../orders.repository';
import { SagaMetrics } from '../saga-metrics';
import { withTokenKeptWhileNeeded } from '../token';

/** A consumed answer, translated to the saga's terms, with the envelope it came in. */
export interface AnswerDelivery extends Delivered<EventEnvelope> {
  readonly answer: SagaAnswer;
}

/**
 * The one use case behind every answer topic: one transaction per batch
 * holding the inbox marks, the order row locks, the new saga states, the
 * timeline and the events to publish. The row lock serialises answers for
 * one order that arrive in parallel (other topics, partitions, replicas) and
 * the customer's cancel, so payment is requested at most once.
 */
@Injectable()
export class ApplySagaAnswers {
  private readonly log = new Logger(ApplySagaAnswers.name);

  constructor(
    private readonly transactions: TransactionRunner<OrdersTransaction>,
    private readonly orders: OrdersRepository,
    private readonly metrics: SagaMetrics,
  ) {}

  async handle(batch: readonly AnswerDelivery[]): Promise<void> {
    const decided: { cause: EventEnvelope; decision: SagaDecision }[] = [];
    const unknown: EventEnvelope[] = [];
    await this.transactions.consume(batch, async (tx, fresh, outbox) => {
      decided.length = 0;
      unknown.length = 0;
      const locked = await this.orders.lock(
        tx,
        fresh.map((delivery) => delivery.event.orderId),
      );
      const changed = new Map<string, LockedOrder>();
      const timeline: TimelineRecord[] = [];
      for (const { event, answer } of fresh) {
        const order = changed.get(event.orderId) ?? locked.get(event.orderId);
        if (!order) {
          unknown.push(event);
          continue;
        }
        timeline.push({ orderId: order.id, type: answer.type, at: new Date(event.occurredAt), eventId: event.eventId });
        const { next, decisions } = applyAnswer(order.state, answer);
        for (const decision of decisions) {
          const published = decisionEvent(order, decision, { causedBy: event });
          outbox.add(published.entry);
          timeline.push(published.timeline);
          decided.push({ cause: event, decision });
        }
        if (next !== order.state) changed.set(order.id, withTokenKeptWhileNeeded({ ...order, state: next }));
      }
      await this.orders.saveState(tx, [...changed.values()]);
      await this.orders.appendTimeline(tx, timeline);
    });
    this.metrics.decided(decided.map(({ decision }) => decision));
    for (const { cause, decision } of decided) {
      const { orderId, correlationId, eventId } = cause;
      this.log.log({ msg: `order saga: ${decision.type}`, orderId, correlationId, causationId: eventId, decision });
    }
    for (const { orderId, correlationId, eventId } of unknown) {
      // Orders commits an order before OrderPlaced is relayed, so no answer can precede it: this one is about
      // an order this service never had.
      this.log.warn({ msg: 'answer for an unknown order ignored', orderId, correlationId, eventId });
    }
  }
}
