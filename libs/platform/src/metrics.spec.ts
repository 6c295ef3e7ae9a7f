import { Metrics } from './metrics';

const lines = async (metrics: Metrics, name: string) =>
  (await metrics.registry.metrics())
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));

describe('Metrics', () => {
  it('labels every series with its service and counts retries and dead letters by topic and group', async () => {
    const metrics = new Metrics({ service: 'inventory' });
    metrics.messaging.retried({ topic: 'orders.order-placed.v1', group: 'inventory', tier: '1' });
    metrics.messaging.retried({ topic: 'orders.order-placed.v1', group: 'inventory', tier: '1' });
    metrics.messaging.deadLettered({ topic: 'orders.order-placed.v1', group: 'inventory' });

    expect(await lines(metrics, 'surge_event_retries_total')).toEqual([
      'surge_event_retries_total{topic="orders.order-placed.v1",group="inventory",tier="1",service="inventory"} 2',
    ]);
    expect(await lines(metrics, 'surge_dead_letters_total')).toEqual([
      'surge_dead_letters_total{topic="orders.order-placed.v1",group="inventory",service="inventory"} 1',
    ]);
  });

  it('starts the counters of the topics a service consumes and produces at 0', async () => {
    const metrics = new Metrics();
    metrics.startAtZero(
      [{ topic: 'orders.order-placed.v1', group: 'inventory', retryTiers: 2 }],
      ['inventory.inventory-reserved.v1'],
    );

    expect(await lines(metrics, 'surge_event_retries_total')).toEqual([
      'surge_event_retries_total{topic="orders.order-placed.v1",group="inventory",tier="1"} 0',
      'surge_event_retries_total{topic="orders.order-placed.v1",group="inventory",tier="2"} 0',
    ]);
    expect(await lines(metrics, 'surge_dead_letters_total')).toEqual([
      'surge_dead_letters_total{topic="orders.order-placed.v1",group="inventory"} 0',
    ]);
    expect(await lines(metrics, 'surge_events_consumed_total')).toHaveLength(2);
    expect(await lines(metrics, 'surge_events_produced_total')).toEqual([
      'surge_events_produced_total{topic="inventory.inventory-reserved.v1"} 0',
    ]);
  });

  it('reads the lag and the outbox at scrape, once per scrape for both outbox gauges', async () => {
    const metrics = new Metrics();
    let outboxReads = 0;
    metrics.observe({
      consumerLag: async () => [
        { group: 'orders', topic: 't', partition: 3, committedOffset: '5', endOffset: '9', lag: 4 },
      ],
      outboxBacklog: async () => {
        outboxReads++;
        return { rows: 7, oldestAgeSeconds: 1.5 };
      },
    });

    expect(await lines(metrics, 'surge_consumer_lag')).toEqual([
      'surge_consumer_lag{group="orders",topic="t",partition="3"} 4',
    ]);
    expect(await lines(metrics, 'surge_outbox_backlog')).toEqual(['surge_outbox_backlog 7']);
    expect(await lines(metrics, 'surge_outbox_oldest_age_seconds')).toEqual(['surge_outbox_oldest_age_seconds 1.5']);
    // Each lines() above is a scrape; the outbox was read once in each.
    expect(outboxReads).toBe(3);
  });

  it('answers a scrape when a source hangs or fails, keeping what the gauges last held', async () => {
    const metrics = new Metrics({ scrapeReadTimeoutMs: 50 });
    let answer: () => Promise<{ pending: number }> = async () => ({ pending: 3 });
    metrics.gaugesReadAtScrape(() => answer(), [{ name: 'test_pending', help: 'pending', value: (r) => r.pending }]);
    expect(await lines(metrics, 'test_pending')).toEqual(['test_pending 3']);

    answer = () => new Promise(() => undefined); // never settles
    const started = Date.now();
    expect(await lines(metrics, 'test_pending')).toEqual(['test_pending 3']);
    expect(Date.now() - started).toBeLessThan(1_000);

    answer = async () => {
      throw new Error('database unavailable');
    };
    expect(await lines(metrics, 'test_pending')).toEqual(['test_pending 3']);
  });

  it('has no lag series before its sources exist (a gauge without labels shows its initial 0)', async () => {
    const metrics = new Metrics();
    expect(await lines(metrics, 'surge_consumer_lag')).toEqual([]);
    expect(await lines(metrics, 'surge_outbox_backlog')).toEqual(['surge_outbox_backlog 0']);
  });
});
