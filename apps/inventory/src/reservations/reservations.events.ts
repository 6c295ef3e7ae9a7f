import {
  INVENTORY_REJECTED_V1,
  INVENTORY_RELEASED_V1,
  INVENTORY_RESERVED_V1,
  type EventEnvelope,
  eventEnvelope,
} from '@surge/contracts';
import type { OutboxEntry } from '@surge/persistence';
import type { Answer, StockLine } from './domain/reservation';

/** Inventory's answer to the order event that caused it, as the outbox entry that publishes it. */
export function toOutboxEntry(cause: EventEnvelope, answer: Answer): OutboxEntry {
  const envelope = eventEnvelope(cause.orderId, { causedBy: cause });
  switch (answer.type) {
    case 'reserved':
      return { topic: INVENTORY_RESERVED_V1, event: { ...envelope, lines: lines(answer.lines) } };
    case 'rejected':
      return {
        topic: INVENTORY_REJECTED_V1,
        event: { ...envelope, reason: answer.reason, sku: answer.sku, detail: answer.detail },
      };
    case 'released':
      return {
        topic: INVENTORY_RELEASED_V1,
        event: { ...envelope, lines: lines(answer.lines), reason: answer.reason, wasSold: answer.wasSold },
      };
  }
}

function lines(stockLines: readonly StockLine[]): { sku: string; quantity: number }[] {
  return stockLines.map(({ sku, quantity }) => ({ sku, quantity }));
}
