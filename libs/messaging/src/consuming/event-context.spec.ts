import { currentEventContext, withEventContext } from './event-context';
import type { Delivered } from '../types';

function delivered(orderId: string): Delivered<{ orderId: string; correlationId: string; eventId: string }> {
  return {
    event: { orderId, correlationId: `corr-${orderId}`, eventId: `evt-${orderId}` },
    topic: 'orders.order-placed.v1',
    partition: 0,
    offset: '0',
    key: orderId,
    headers: {},
    group: 'inventory',
  };
}

describe('withEventContext', () => {
  it('names the order and correlation of a single event, across awaits', async () => {
    const seen = await withEventContext([delivered('o-1')], async () => {
      await Promise.resolve();
      return currentEventContext();
    });
    expect(seen).toEqual({
      group: 'inventory',
      topic: 'orders.order-placed.v1',
      orderId: 'o-1',
      correlationId: 'corr-o-1',
      eventId: 'evt-o-1',
    });
  });

  it('lists the orders of a batch, at most twenty', () => {
    const batch = Array.from({ length: 25 }, (_, i) => delivered(`o-${i}`));
    const seen = withEventContext(batch, () => currentEventContext());
    expect(seen).toMatchObject({ batchSize: 25 });
    expect(seen && 'orderIds' in seen ? seen.orderIds : []).toHaveLength(20);
  });

  it('is empty outside a handler', () => {
    expect(currentEventContext()).toBeUndefined();
  });
});
