import { readFileSync } from 'node:fs';
import path from 'node:path';
import { registeredMetrics } from './observability';

describe('registeredMetrics: the metric names a source file registers', () => {
  it('reads prom-client constructors and the gauges of gaugesReadAtScrape', () => {
    const source = `
      this.outcomes = new Counter<'outcome'>({ name: 'surge_saga_outcomes_total', help: 'x', labelNames: ['outcome'] });
      metrics.gaugesReadAtScrape(() => repository.pendingStats(db), [
        { name: 'surge_saga_pending_orders', help: 'a', value: (s) => s.pending },
        { name: "surge_saga_oldest_pending_age_seconds", help: 'b', value: (s) => s.oldestAgeSeconds },
      ]);
      const notAMetric = { name: 'order placed' };`;
    expect(registeredMetrics(source)).toEqual([
      { name: 'surge_saga_outcomes_total', type: 'counter' },
      { name: 'surge_saga_pending_orders', type: 'gauge' },
      { name: 'surge_saga_oldest_pending_age_seconds', type: 'gauge' },
    ]);
  });

  it("finds every metric of orders' saga metrics in its source", () => {
    const file = path.resolve(__dirname, '../../../apps/orders/src/orders/saga-metrics.ts');
    expect(
      registeredMetrics(readFileSync(file, 'utf8'))
        .map((m) => m.name)
        .sort(),
    ).toEqual(['surge_saga_oldest_pending_age_seconds', 'surge_saga_outcomes_total', 'surge_saga_pending_orders']);
  });
});
