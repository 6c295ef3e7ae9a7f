/**
 * The reservation rules, as pure functions: given the stock and what inventory
 * already knows of each order, when order events arrive, then which units move
 * and what inventory answers. No I/O here; the use case loads and saves.
 *
 * One record per order is a state machine, so that every arrival order and
 * every duplicate ends with the same stock:
 *
 *   (none)             --placed-->            RESERVED | REFUSED
 *   (none)             --rejected/cancelled--> RELEASED (tombstone, nothing held)
 *   (none)             --confirmed-->          CONFIRMED_UNPLACED
 *   CONFIRMED_UNPLACED --placed-->            SOLD | REFUSED
 *   RESERVED           --confirmed-->          SOLD
 *   RESERVED           --rejected/cancelled--> RELEASED (reserved -> available)
 *   SOLD               --rejected/cancelled--> RETURNED (sold -> available)
 *   REFUSED            --rejected/cancelled--> RELEASED (nothing held)
 *   anything else: no change, no answer.
 *
 * A tombstone (RELEASED, RETURNED) answers a late OrderPlaced with nothing: the
 * rejection or cancellation it records is final for orders, which already got
 * InventoryReleased with no lines for it, so an InventoryRejected would only be
 * noise about a finished saga.
 */

export type ReservationStatus = 'RESERVED' | 'SOLD' | 'REFUSED' | 'RELEASED' | 'RETURNED' | 'CONFIRMED_UNPLACED';

export type RejectionReason = 'UNKNOWN_SKU' | 'PRICE_MISMATCH' | 'OUT_OF_STOCK' | 'OTHER';

export type ReleaseReason = 'ORDER_REJECTED' | 'ORDER_CANCELLED';

/** Units of one sku. */
export interface StockLine {
  readonly sku: string;
  /** Units, at least 1. */
  readonly quantity: number;
}

/** One line of an order as the client sent it. */
export interface OrderLine extends StockLine {
  /** Price of one unit the client saw, in minor units of the order's currency. */
  readonly unitPrice: number;
}

/** What inventory knows of one order. */
export interface Reservation {
  readonly orderId: string;
  readonly status: ReservationStatus;
  /** Held (RESERVED), sold (SOLD) or given back (RELEASED, RETURNED); empty otherwise. */
  readonly lines: readonly StockLine[];
  /** Why refused, or why released. */
  readonly reason: string | null;
  readonly correlationId: string;
}

/** A product's price and counters, in units. */
export interface ProductStock {
  readonly sku: string;
  /** Minor units of currency. */
  readonly unitPrice: number;
  readonly currency: string;
  readonly available: number;
  readonly reserved: number;
  readonly sold: number;
}

export type OrderEvent =
  | {
      readonly type: 'placed';
      readonly orderId: string;
      readonly correlationId: string;
      readonly currency: string;
      readonly lines: readonly OrderLine[];
    }
  | { readonly type: 'rejected' | 'cancelled' | 'confirmed'; readonly orderId: string; readonly correlationId: string };

/** What inventory tells the saga about an order. */
export type Answer =
  | { readonly type: 'reserved'; readonly lines: readonly StockLine[] }
  | {
      readonly type: 'rejected';
      readonly reason: RejectionReason;
      readonly sku: string | null;
      readonly detail: string;
    }
  | {
      readonly type: 'released';
      readonly lines: readonly StockLine[];
      readonly reason: ReleaseReason;
      readonly wasSold: boolean;
    };

export type ReservationDecision =
  | { readonly reserve: true; readonly lines: readonly StockLine[] }
  | { readonly reserve: false; readonly reason: RejectionReason; readonly sku: string | null; readonly detail: string };

/**
 * All lines or none. The first offending line, in the order of the lines,
 * names the reason: an unknown sku, then a price or currency other than the
 * catalogue's, then too few units available. Lines naming the same sku twice
 * are judged on their sum.
 */
export function decideReservation(
  order: { readonly currency: string; readonly lines: readonly OrderLine[] },
  stock: ReadonlyMap<string, ProductStock>,
): ReservationDecision {
  if (order.lines.length === 0) return { reserve: false, reason: 'OTHER', sku: null, detail: 'the order has no lines' };
  const wanted = new Map<string, number>();
  for (const line of order.lines) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);

  for (const line of order.lines) {
    const product = stock.get(line.sku);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      return {
        reserve: false,
        reason: 'OTHER',
        sku: line.sku,
        detail: `sku ${line.sku}: quantity ${line.quantity} is not a positive integer`,
      };
    }
    if (!product)
      return {
        reserve: false,
        reason: 'UNKNOWN_SKU',
        sku: line.sku,
        detail: `sku ${line.sku} is not in the catalogue`,
      };
    if (product.currency !== order.currency || product.unitPrice !== line.unitPrice) {
      return {
        reserve: false,
        reason: 'PRICE_MISMATCH',
        sku: line.sku,
        detail: `sku ${line.sku}: ${line.unitPrice} ${order.currency} ordered, catalogue price ${product.unitPrice} ${product.currency}`,
      };
    }
    const quantity = wanted.get(line.sku) ?? line.quantity;
    if (quantity > product.available) {
      return {
        reserve: false,
        reason: 'OUT_OF_STOCK',
        sku: line.sku,
        detail: `sku ${line.sku}: ${quantity} requested, ${product.available} available`,
      };
    }
  }
  return { reserve: true, lines: [...wanted].map(([sku, quantity]) => ({ sku, quantity })) };
}

type Counter = 'available' | 'reserved' | 'sold';

/** Moves units of each line from one counter to another; the total of each product is unchanged. */
function move(stock: Map<string, ProductStock>, lines: readonly StockLine[], from: Counter, to: Counter): void {
  for (const { sku, quantity } of lines) {
    const product = stock.get(sku);
    // A held line always names a product: products are never deleted.
    if (!product) throw new Error(`invariant broken: held sku ${sku} has no product`);
    if (product[from] < quantity)
      throw new Error(`invariant broken: sku ${sku} has ${product[from]} ${from}, ${quantity} to move`);
    stock.set(sku, { ...product, [from]: product[from] - quantity, [to]: product[to] + quantity });
  }
}

export interface Transition {
  readonly next: Reservation;
  readonly answer: Answer | null;
}

/**
 * Applies one order event to what inventory knows of the order, moving units
 * in `stock` (mutated: the caller owns the copy). Returns the next record, or
 * null when nothing changes.
 */
export function applyOrderEvent(
  current: Reservation | undefined,
  event: OrderEvent,
  stock: Map<string, ProductStock>,
): Transition | null {
  const base = { orderId: event.orderId, correlationId: current?.correlationId ?? event.correlationId };
  const status = current?.status;
  switch (event.type) {
    case 'placed': {
      if (status !== undefined && status !== 'CONFIRMED_UNPLACED') return null;
      const decision = decideReservation(event, stock);
      if (!decision.reserve) {
        const { reason, sku, detail } = decision;
        return {
          next: { ...base, status: 'REFUSED', lines: [], reason },
          answer: { type: 'rejected', reason, sku, detail },
        };
      }
      move(stock, decision.lines, 'available', 'reserved');
      if (status === 'CONFIRMED_UNPLACED') move(stock, decision.lines, 'reserved', 'sold');
      return {
        next: {
          ...base,
          status: status === 'CONFIRMED_UNPLACED' ? 'SOLD' : 'RESERVED',
          lines: decision.lines,
          reason: null,
        },
        answer: { type: 'reserved', lines: decision.lines },
      };
    }
    case 'confirmed': {
      if (status === undefined)
        return { next: { ...base, status: 'CONFIRMED_UNPLACED', lines: [], reason: null }, answer: null };
      if (status !== 'RESERVED' || !current) return null;
      move(stock, current.lines, 'reserved', 'sold');
      return { next: { ...current, status: 'SOLD' }, answer: null };
    }
    case 'rejected':
    case 'cancelled': {
      const reason: ReleaseReason = event.type === 'rejected' ? 'ORDER_REJECTED' : 'ORDER_CANCELLED';
      if (status === 'RELEASED' || status === 'RETURNED') return null;
      if ((status === 'RESERVED' || status === 'SOLD') && current) {
        const wasSold = status === 'SOLD';
        move(stock, current.lines, wasSold ? 'sold' : 'reserved', 'available');
        return {
          next: { ...current, status: wasSold ? 'RETURNED' : 'RELEASED', reason },
          answer: { type: 'released', lines: current.lines, reason, wasSold },
        };
      }
      return {
        next: { ...base, status: 'RELEASED', lines: [], reason },
        answer: { type: 'released', lines: [], reason, wasSold: false },
      };
    }
  }
}

export interface BatchOutcome {
  /** Records that changed, by order id, in their final state for the batch. */
  readonly reservations: ReadonlyMap<string, Reservation>;
  /** Products whose counters changed, by sku. */
  readonly stock: ReadonlyMap<string, ProductStock>;
  /** Answers in the order of the events that caused them. */
  readonly answers: readonly { readonly event: OrderEvent; readonly answer: Answer }[];
}

/**
 * Applies a batch of order events in order: a later event of the batch sees
 * the stock and records the earlier ones left. Inputs are not mutated.
 */
export function applyOrderEvents(
  events: readonly OrderEvent[],
  reservations: ReadonlyMap<string, Reservation>,
  stock: ReadonlyMap<string, ProductStock>,
): BatchOutcome {
  const known = new Map(reservations);
  const counters = new Map(stock);
  const changed = new Map<string, Reservation>();
  const answers: { event: OrderEvent; answer: Answer }[] = [];
  for (const event of events) {
    const transition = applyOrderEvent(known.get(event.orderId), event, counters);
    if (!transition) continue;
    known.set(event.orderId, transition.next);
    changed.set(event.orderId, transition.next);
    if (transition.answer) answers.push({ event, answer: transition.answer });
  }
  const moved = new Map([...counters].filter(([sku, product]) => stock.get(sku) !== product));
  return { reservations: changed, stock: moved, answers };
}
