import { Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@surge/contracts';
import type { Delivered } from '@surge/messaging';
import { TransactionRunner } from '@surge/persistence';
import type { InventoryTransaction } from '../../database';
import { type Answer, type OrderEvent, applyOrderEvents } from '../domain/reservation';
import { toOutboxEntry } from '../reservations.events';
import { ReservationsRepository } from '../reservations.repository';

/** A consumed order event, translated to the rules' terms, with the envelope it came in. */
export interface OrderEventDelivery extends Delivered<EventEnvelope> {
  readonly orderEvent: OrderEvent;
}

/**
 * The one use case behind every order topic inventory consumes (reserve, sell,
 * release): one database transaction per batch, with the inbox, the row locks,
 * the stock moves, the reservation records and the answers to publish.
 */
@Injectable()
export class ApplyOrderEvents {
  private readonly log = new Logger(ApplyOrderEvents.name);

  constructor(
    private readonly transactions: TransactionRunner<InventoryTransaction>,
    private readonly repository: ReservationsRepository,
  ) {}

  async handle(batch: readonly OrderEventDelivery[]): Promise<void> {
    const answered: { cause: OrderEventDelivery; answer: Answer }[] = [];
    await this.transactions.consume(batch, async (tx, fresh, outbox) => {
      const events = fresh.map((delivery) => delivery.orderEvent);
      const existing = await this.repository.lockReservations(
        tx,
        events.map((e) => e.orderId),
      );
      const skus = new Set<string>();
      for (const event of events) {
        if (event.type === 'placed') event.lines.forEach((line) => skus.add(line.sku));
        existing.get(event.orderId)?.lines.forEach((line) => skus.add(line.sku));
      }
      const stock = await this.repository.lockStock(tx, [...skus]);

      const outcome = applyOrderEvents(events, existing, stock);

      await this.repository.saveStock(tx, outcome.stock);
      await this.repository.saveReservations(tx, outcome.reservations, existing);
      for (const { event, answer } of outcome.answers) {
        const cause = fresh[events.indexOf(event)];
        outbox.add(toOutboxEntry(cause.event, answer));
        answered.push({ cause, answer });
      }
    });
    for (const { cause, answer } of answered) {
      const { orderId, correlationId, eventId } = cause.event;
      this.log.log({ msg: `inventory ${answer.type}`, orderId, correlationId, causationId: eventId, answer });
    }
  }
}
