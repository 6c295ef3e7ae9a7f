import { type OrderView, type TimelineEvent, analyseTimeline, mergeTimeline, producerOfEventType } from './timeline';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + ms).toISOString();
const event = (type: string, ms: number, service: string | null = producerOfEventType(type)): TimelineEvent => ({
  type,
  at: at(ms),
  service,
  eventId: null,
  detail: null,
});

describe('analyseTimeline', () => {
  it('gives the gap before each event and highlights the longest hop, attributed to the later event', () => {
    const { steps, longestHop, spanMs } = analyseTimeline([
      event('OrderPlaced', 0),
      event('InventoryReserved', 40),
      event('FraudCheckCompleted', 90),
      event('PaymentRequested', 120),
      event('PaymentAuthorized', 520),
      event('OrderConfirmed', 560),
    ]);

    expect(steps.map((s) => s.gapMs)).toEqual([null, 40, 50, 30, 400, 40]);
    expect(steps.filter((s) => s.longest).map((s) => s.type)).toEqual(['PaymentAuthorized']);
    expect(longestHop).toEqual({
      index: 4,
      from: 'PaymentRequested',
      to: 'PaymentAuthorized',
      service: 'payments',
      gapMs: 400,
    });
    expect(spanMs).toBe(560);
  });

  it('orders the events by time, whatever order they were recorded in', () => {
    // Validations run in parallel: fraud-detection may answer first though orders recorded it second.
    const { steps, longestHop } = analyseTimeline([
      event('OrderPlaced', 0),
      event('InventoryReserved', 300),
      event('FraudCheckCompleted', 100),
      event('PaymentRequested', 310),
    ]);

    expect(steps.map((s) => s.type)).toEqual([
      'OrderPlaced',
      'FraudCheckCompleted',
      'InventoryReserved',
      'PaymentRequested',
    ]);
    expect(longestHop).toMatchObject({ from: 'FraudCheckCompleted', to: 'InventoryReserved', service: 'inventory' });
  });

  it('keeps events of the same time in the order given, and picks the earlier of two equal hops', () => {
    const { steps, longestHop } = analyseTimeline([
      event('OrderPlaced', 0),
      event('InventoryReserved', 100),
      event('FraudCheckCompleted', 100),
      event('PaymentRequested', 200),
    ]);

    expect(steps.map((s) => s.type)).toEqual([
      'OrderPlaced',
      'InventoryReserved',
      'FraudCheckCompleted',
      'PaymentRequested',
    ]);
    expect(steps.map((s) => s.gapMs)).toEqual([null, 100, 0, 100]);
    expect(longestHop).toMatchObject({ index: 1, to: 'InventoryReserved' });
  });

  it('has no hop with fewer than two events', () => {
    expect(analyseTimeline([])).toEqual({ steps: [], longestHop: null, spanMs: null });
    const single = analyseTimeline([event('OrderPlaced', 0)]);
    expect(single.longestHop).toBeNull();
    expect(single.steps).toEqual([expect.objectContaining({ type: 'OrderPlaced', gapMs: null, longest: false })]);
  });

  it('puts an event with an unreadable time last, without a gap', () => {
    const { steps, longestHop } = analyseTimeline([
      { ...event('InventoryReserved', 0), at: 'not a time' },
      event('OrderPlaced', 0),
      event('FraudCheckCompleted', 70),
    ]);

    expect(steps.map((s) => [s.type, s.gapMs])).toEqual([
      ['OrderPlaced', null],
      ['FraudCheckCompleted', 70],
      ['InventoryReserved', null],
    ]);
    expect(longestHop).toMatchObject({ to: 'FraudCheckCompleted', gapMs: 70 });
  });
});

describe('the producer of an event type', () => {
  it('is read from the topic catalogue', () => {
    expect(producerOfEventType('OrderPlaced')).toBe('orders');
    expect(producerOfEventType('PaymentRequested')).toBe('orders');
    expect(producerOfEventType('InventoryReleased')).toBe('inventory');
    expect(producerOfEventType('FraudCheckCompleted')).toBe('fraud-detection');
    expect(producerOfEventType('PaymentRefunded')).toBe('payments');
    expect(producerOfEventType('SomethingElse')).toBeNull();
  });
});

describe('mergeTimeline', () => {
  const order = (timeline: OrderView['timeline']): OrderView => ({
    orderId: 'o-1',
    customerId: 'c-1',
    status: 'CONFIRMED',
    totalAmount: 5_000,
    currency: 'EUR',
    createdAt: at(0),
    updatedAt: at(500),
    items: [{ sku: 'KETTLE', quantity: 2, unitPrice: 2_500 }],
    timeline,
  });

  it('takes the service and event id from the order when it gives them', () => {
    const events = mergeTimeline(
      order([{ type: 'PaymentAuthorized', at: at(10), service: 'payments-eu', eventId: 'e-1' }]),
      { payment: { status: 'AUTHORIZED', amount: 5_000, currency: 'EUR' } },
    );

    expect(events).toEqual([
      { type: 'PaymentAuthorized', at: at(10), service: 'payments-eu', eventId: 'e-1', detail: '50.00 EUR' },
    ]);
  });

  it('infers the service of an older answer that has only type and time', () => {
    const events = mergeTimeline(
      order([
        { type: 'OrderPlaced', at: at(0) },
        { type: 'FraudCheckCompleted', at: at(30) },
      ]),
      { fraudCheck: { decision: 'APPROVED', score: 0, reasons: [] } },
    );

    expect(events).toEqual([
      { type: 'OrderPlaced', at: at(0), service: 'orders', eventId: null, detail: '1 line(s), 50.00 EUR' },
      {
        type: 'FraudCheckCompleted',
        at: at(30),
        service: 'fraud-detection',
        eventId: null,
        detail: 'APPROVED, score 0',
      },
    ]);
  });

  it('adds the notifications sent about the order as events of the notifications service', () => {
    const events = mergeTimeline(order([{ type: 'OrderConfirmed', at: at(100) }]), {
      notifications: [{ id: 'n-1', type: 'ORDER_CONFIRMED', channel: 'customer', status: 'SENT', createdAt: at(180) }],
    });

    expect(events[1]).toEqual({
      type: 'Notification',
      at: at(180),
      service: 'notifications',
      eventId: 'n-1',
      detail: 'ORDER_CONFIRMED to customer (SENT)',
    });
    expect(analyseTimeline(events).longestHop).toMatchObject({ service: 'notifications', gapMs: 80 });
  });

  it('reads an order without a timeline as an empty one', () => {
    expect(mergeTimeline(order(undefined))).toEqual([]);
  });
});
