import type { PartitionLag } from '@surge/contracts';
import { summariseLag } from './lag';

const row = (group: string, topic: string, partition: number, lag: number): PartitionLag => ({
  group,
  topic,
  partition,
  committedOffset: lag === 0 ? null : '10',
  endOffset: String(10 + lag),
  lag,
});

describe('summariseLag', () => {
  it('totals each group over its partitions, listing them by topic and partition', () => {
    const groups = summariseLag([
      row('orders', 'payments.payment-authorized.v1', 1, 2),
      row('inventory', 'orders.order-placed.v1', 0, 0),
      row('orders', 'inventory.inventory-reserved.v1', 3, 5),
      row('orders', 'inventory.inventory-reserved.v1', 0, 1),
    ]);

    expect(groups.map((g) => [g.group, g.totalLag])).toEqual([
      ['inventory', 0],
      ['orders', 8],
    ]);
    expect(groups[1].topics).toEqual(['inventory.inventory-reserved.v1', 'payments.payment-authorized.v1']);
    expect(groups[1].partitions.map((p) => `${p.topic}/${p.partition}`)).toEqual([
      'inventory.inventory-reserved.v1/0',
      'inventory.inventory-reserved.v1/3',
      'payments.payment-authorized.v1/1',
    ]);
  });

  it('has no group when the service reports no partition', () => {
    expect(summariseLag([])).toEqual([]);
  });
});
