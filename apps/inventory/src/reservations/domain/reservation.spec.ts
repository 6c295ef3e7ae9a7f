import {
  type OrderEvent,
  type OrderLine,
  type ProductStock,
  type Reservation,
  applyOrderEvents,
  decideReservation,
} from './reservation';

function product(sku: string, available: number, unitPrice = 1_000, currency = 'EUR'): ProductStock {
  return { sku, unitPrice, currency, available, reserved: 0, sold: 0 };
}

function catalogue(...products: ProductStock[]): Map<string, ProductStock> {
  return new Map(products.map((p) => [p.sku, p]));
}

function line(sku: string, quantity: number, unitPrice = 1_000): OrderLine {
  return { sku, quantity, unitPrice };
}

const placed = (orderId: string, lines: OrderLine[], currency = 'EUR'): OrderEvent => ({
  type: 'placed',
  orderId,
  correlationId: `corr-${orderId}`,
  currency,
  lines,
});
const rejected = (orderId: string): OrderEvent => ({ type: 'rejected', orderId, correlationId: `corr-${orderId}` });
const cancelled = (orderId: string): OrderEvent => ({ type: 'cancelled', orderId, correlationId: `corr-${orderId}` });
const confirmed = (orderId: string): OrderEvent => ({ type: 'confirmed', orderId, correlationId: `corr-${orderId}` });

/** Applies events one batch at a time, as separate deliveries would, and returns the final state. */
function run(stock: Map<string, ProductStock>, ...batches: OrderEvent[][]) {
  let reservations = new Map<string, Reservation>();
  let counters = stock;
  const answers: unknown[] = [];
  for (const batch of batches) {
    const outcome = applyOrderEvents(batch, reservations, counters);
    reservations = new Map([...reservations, ...outcome.reservations]);
    counters = new Map([...counters, ...outcome.stock]);
    answers.push(...outcome.answers.map((a) => a.answer));
  }
  return { reservations, stock: counters, answers };
}

function counts(stock: ReadonlyMap<string, ProductStock>, sku: string) {
  const { available, reserved, sold } = stock.get(sku) as ProductStock;
  return { available, reserved, sold };
}

describe('deciding a reservation', () => {
  it('reserves every line when each is known, priced as in the catalogue and in stock', () => {
    const decision = decideReservation(
      { currency: 'EUR', lines: [line('A', 2), line('B', 1, 500)] },
      catalogue(product('A', 2), product('B', 5, 500)),
    );
    expect(decision).toEqual({
      reserve: true,
      lines: [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 1 },
      ],
    });
  });

  it.each([
    ['an unknown sku', [line('A', 1), line('X', 1)], 'UNKNOWN_SKU', 'X'],
    ['a price other than the catalogue', [line('A', 1), line('B', 1, 499)], 'PRICE_MISMATCH', 'B'],
    ['too few units', [line('A', 1), line('B', 6, 500)], 'OUT_OF_STOCK', 'B'],
    ['a non-positive quantity', [line('A', 0)], 'OTHER', 'A'],
  ])('rejects the whole order for %s, naming the line', (_, lines, reason, sku) => {
    const decision = decideReservation({ currency: 'EUR', lines }, catalogue(product('A', 2), product('B', 5, 500)));
    expect(decision).toMatchObject({ reserve: false, reason, sku });
  });

  it('names the first offending line in the order of the lines, whatever its reason', () => {
    const stock = catalogue(product('A', 0), product('B', 5));
    expect(decideReservation({ currency: 'EUR', lines: [line('A', 1), line('Z', 1)] }, stock)).toMatchObject({
      reason: 'OUT_OF_STOCK',
      sku: 'A',
    });
    expect(decideReservation({ currency: 'EUR', lines: [line('Z', 1), line('A', 1)] }, stock)).toMatchObject({
      reason: 'UNKNOWN_SKU',
      sku: 'Z',
    });
  });

  it('treats another currency as a price mismatch, even for the same amount', () => {
    const decision = decideReservation({ currency: 'USD', lines: [line('A', 1)] }, catalogue(product('A', 5)));
    expect(decision).toMatchObject({ reserve: false, reason: 'PRICE_MISMATCH', sku: 'A' });
  });

  it('judges a sku named on two lines on their sum', () => {
    const decision = decideReservation(
      { currency: 'EUR', lines: [line('A', 2), line('A', 2)] },
      catalogue(product('A', 3)),
    );
    expect(decision).toMatchObject({ reserve: false, reason: 'OUT_OF_STOCK', sku: 'A' });
  });

  it('rejects an order without lines, blaming no line', () => {
    expect(decideReservation({ currency: 'EUR', lines: [] }, catalogue())).toMatchObject({
      reserve: false,
      reason: 'OTHER',
      sku: null,
    });
  });
});

describe('order events, in saga order', () => {
  it('reserves on placement, sells on confirmation, returns the sale on cancellation', () => {
    const stock = catalogue(product('A', 5));
    const afterPlaced = run(stock, [placed('o1', [line('A', 2)])]);
    expect(counts(afterPlaced.stock, 'A')).toEqual({ available: 3, reserved: 2, sold: 0 });
    expect(afterPlaced.answers).toEqual([{ type: 'reserved', lines: [{ sku: 'A', quantity: 2 }] }]);

    const afterConfirmed = run(stock, [placed('o1', [line('A', 2)])], [confirmed('o1')]);
    expect(counts(afterConfirmed.stock, 'A')).toEqual({ available: 3, reserved: 0, sold: 2 });

    const afterCancelled = run(stock, [placed('o1', [line('A', 2)])], [confirmed('o1')], [cancelled('o1')]);
    expect(counts(afterCancelled.stock, 'A')).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(afterCancelled.answers.at(-1)).toEqual({
      type: 'released',
      lines: [{ sku: 'A', quantity: 2 }],
      reason: 'ORDER_CANCELLED',
      wasSold: true,
    });
    expect(afterCancelled.reservations.get('o1')?.status).toBe('RETURNED');
  });

  it('releases a reservation when the order is rejected', () => {
    const { stock, answers, reservations } = run(
      catalogue(product('A', 5)),
      [placed('o1', [line('A', 2)])],
      [rejected('o1')],
    );
    expect(counts(stock, 'A')).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(answers.at(-1)).toEqual({
      type: 'released',
      lines: [{ sku: 'A', quantity: 2 }],
      reason: 'ORDER_REJECTED',
      wasSold: false,
    });
    expect(reservations.get('o1')?.status).toBe('RELEASED');
  });

  it('answers a refused order that is then rejected with a release of nothing', () => {
    const { stock, answers } = run(catalogue(product('A', 1)), [placed('o1', [line('A', 2)])], [rejected('o1')]);
    expect(counts(stock, 'A')).toEqual({ available: 1, reserved: 0, sold: 0 });
    expect(answers).toEqual([
      expect.objectContaining({ type: 'rejected', reason: 'OUT_OF_STOCK', sku: 'A' }),
      { type: 'released', lines: [], reason: 'ORDER_REJECTED', wasSold: false },
    ]);
  });

  it('lets a later order of the same batch see the units an earlier one took', () => {
    const { stock, answers } = run(catalogue(product('A', 3)), [
      placed('o1', [line('A', 2)]),
      placed('o2', [line('A', 2)]),
      placed('o3', [line('A', 1)]),
    ]);
    expect(counts(stock, 'A')).toEqual({ available: 0, reserved: 3, sold: 0 });
    expect(answers.map((a) => (a as { type: string }).type)).toEqual(['reserved', 'rejected', 'reserved']);
  });
});

describe('order events, in any arrival order and with duplicates', () => {
  it('leaves a tombstone when the rejection comes first: the late placement reserves nothing and answers nothing', () => {
    const { stock, answers, reservations } = run(
      catalogue(product('A', 5)),
      [rejected('o1')],
      [placed('o1', [line('A', 2)])],
    );
    expect(counts(stock, 'A')).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(answers).toEqual([{ type: 'released', lines: [], reason: 'ORDER_REJECTED', wasSold: false }]);
    expect(reservations.get('o1')?.status).toBe('RELEASED');
  });

  it('leaves a tombstone when the cancellation comes first', () => {
    const { stock, answers } = run(catalogue(product('A', 5)), [cancelled('o1'), placed('o1', [line('A', 2)])]);
    expect(counts(stock, 'A')).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect(answers).toEqual([{ type: 'released', lines: [], reason: 'ORDER_CANCELLED', wasSold: false }]);
  });

  it('sells at placement when the confirmation came first', () => {
    const { stock, reservations } = run(catalogue(product('A', 5)), [confirmed('o1')], [placed('o1', [line('A', 2)])]);
    expect(counts(stock, 'A')).toEqual({ available: 3, reserved: 0, sold: 2 });
    expect(reservations.get('o1')?.status).toBe('SOLD');
  });

  it('reaches the same stock whatever the order of placement, confirmation and cancellation', () => {
    const events = [placed('o1', [line('A', 2)]), confirmed('o1'), cancelled('o1')];
    const orders = permutations(events);
    const finals = orders.map((order) => counts(run(catalogue(product('A', 5)), ...order.map((e) => [e])).stock, 'A'));
    expect(finals).toEqual(orders.map(() => ({ available: 5, reserved: 0, sold: 0 })));
  });

  it('reaches the same stock whatever the order of placement and confirmation', () => {
    const events = [placed('o1', [line('A', 2)]), confirmed('o1')];
    for (const order of permutations(events)) {
      expect(counts(run(catalogue(product('A', 5)), order).stock, 'A')).toEqual({ available: 3, reserved: 0, sold: 2 });
    }
  });

  it('changes nothing and answers nothing for a second placement, confirmation or release', () => {
    const once = run(catalogue(product('A', 5)), [placed('o1', [line('A', 2)]), confirmed('o1'), cancelled('o1')]);
    const twice = run(
      catalogue(product('A', 5)),
      [placed('o1', [line('A', 2)]), placed('o1', [line('A', 2)])],
      [confirmed('o1'), confirmed('o1')],
      [cancelled('o1'), rejected('o1'), cancelled('o1')],
    );
    expect(counts(twice.stock, 'A')).toEqual(counts(once.stock, 'A'));
    expect(twice.answers).toEqual(once.answers);
  });

  it('never ends with a counter below zero nor with units created or lost', () => {
    const events = [
      placed('o1', [line('A', 2), line('B', 1)]),
      placed('o2', [line('A', 3)]),
      rejected('o1'),
      confirmed('o2'),
    ];
    for (const order of permutations(events)) {
      const { stock } = run(catalogue(product('A', 4), product('B', 1)), ...order.map((e) => [e]));
      for (const [sku, total] of [
        ['A', 4],
        ['B', 1],
      ] as const) {
        const { available, reserved, sold } = counts(stock, sku);
        expect(Math.min(available, reserved, sold)).toBeGreaterThanOrEqual(0);
        expect(available + reserved + sold).toBe(total);
      }
    }
  });
});

describe('applying a batch', () => {
  it('returns only what changed and leaves its inputs untouched', () => {
    const stock = catalogue(product('A', 5), product('B', 5));
    const before = structuredClone([...stock]);
    const outcome = applyOrderEvents([placed('o1', [line('A', 1)])], new Map(), stock);
    expect([...outcome.stock.keys()]).toEqual(['A']);
    expect([...outcome.reservations.keys()]).toEqual(['o1']);
    expect([...stock]).toEqual(before);
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
