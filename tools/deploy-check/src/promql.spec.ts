import { interpolate } from './compose';
import { registeredMetrics } from './observability';
import { readPromql, seriesNames } from './promql';

describe('readPromql', () => {
  it('finds the metric through aggregations, grouping, comparisons and offsets', () => {
    const expr = `
      sum by (group) (max by (group, topic, partition) (surge_consumer_lag)) > 1000
      and
      sum by (group) (max by (group, topic, partition) (surge_consumer_lag))
        > sum by (group) (max by (group, topic, partition) (surge_consumer_lag offset 10m))`;
    expect(readPromql(expr)).toEqual({ metrics: ['surge_consumer_lag'], problems: [] });
  });

  it('takes neither label values, Grafana variables nor function names for metrics', () => {
    const expr =
      'histogram_quantile(0.99, sum by (service, route, le) (rate(http_request_duration_seconds_bucket' +
      '{service=~"$service", route!~"/health/.*|up", status="5.."}[$__rate_interval])))';
    expect(readPromql(expr)).toEqual({ metrics: ['http_request_duration_seconds_bucket'], problems: [] });
  });

  it('finds every metric of a binary expression with vector matching', () => {
    const expr =
      '(sum(increase(surge_saga_outcomes_total[10m])) or vector(0)) == 0 ' +
      'unless on (service) group_left (instance) max without (pod) (up) # a comment naming not_a_metric';
    expect(readPromql(expr)).toEqual({ metrics: ['surge_saga_outcomes_total', 'up'], problems: [] });
  });

  it('reads a subquery and the @ modifier', () => {
    expect(readPromql('max_over_time(deriv(surge_outbox_backlog[5m])[30m:1m] @ end())')).toEqual({
      metrics: ['surge_outbox_backlog'],
      problems: [],
    });
  });

  it('refuses what a parser would: brackets, matchers, ranges, functions, strings', () => {
    expect(readPromql('sum(rate(http_requests_total[5m])').problems).toEqual(['unclosed "("']);
    expect(readPromql('http_requests_total{status=5..}').problems).toEqual([
      'label matcher "status=5.." is not name op "value"',
    ]);
    expect(readPromql('rate(http_requests_total[5 minutes])').problems).toEqual([
      'range "[5 minutes]" is not [duration] or [duration:step]',
    ]);
    expect(readPromql('sum(rat(http_requests_total[5m]))').problems).toEqual(['unknown function rat()']);
    expect(readPromql('http_requests_total{status="5..}').problems).toEqual(['unterminated string']);
    expect(readPromql('sum by (a-b) (up)').problems).toEqual(['by (a-b): not label names']);
    expect(readPromql('up; down').problems).toEqual(['unexpected ";"']);
    expect(readPromql('vector(0)').problems).toEqual(['selects no metric']);
    expect(readPromql(' ').problems).toEqual(['empty expression']);
  });
});

describe('seriesNames', () => {
  it('gives a histogram’s and a summary’s series, and other metrics by their name', () => {
    expect(seriesNames('h_seconds', 'histogram')).toEqual(['h_seconds_bucket', 'h_seconds_sum', 'h_seconds_count']);
    expect(seriesNames('s_seconds', 'summary')).toEqual(['s_seconds', 's_seconds_sum', 's_seconds_count']);
    expect(seriesNames('c_total', 'counter')).toEqual(['c_total']);
  });
});

describe('registeredMetrics', () => {
  it('reads the prom-client metrics a source file registers, with their type', () => {
    const source = `
      this.timeouts = new Counter({
        name: 'surge_saga_timeouts_total',
        help: 'Orders rejected as TIMEOUT',
        registers: [metrics.registry],
      });
      const lag = new Gauge<'group' | 'topic'>({ labelNames: ['group', 'topic'], name: "surge_consumer_lag", help: '' });
      new Histogram({ name: \`surge_x_seconds\`, help: '', buckets: [0.1] });
      const notAMetric = { name: 'orders' };`;
    expect(registeredMetrics(source)).toEqual([
      { name: 'surge_saga_timeouts_total', type: 'counter' },
      { name: 'surge_consumer_lag', type: 'gauge' },
      { name: 'surge_x_seconds', type: 'histogram' },
    ]);
  });
});

describe('interpolate', () => {
  it('reads variables as docker compose does', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolate('${UNSET:-}', env)).toBe('');
    expect(interpolate('${OTEL_EXPORTER_OTLP_ENDPOINT:-}', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).toBe(
      'http://jaeger:4318',
    );
    expect(interpolate('a-${SET}-$SET-${UNSET}', env)).toBe('a-x-x-');
    expect(interpolate('${EMPTY:-d} ${EMPTY-d} ${UNSET-d}', env)).toBe('d  d');
    expect(interpolate('${SET:+on} ${EMPTY:+on} ${EMPTY+on}', env)).toBe('on  on');
    expect(interpolate('$$HOME costs $$5', env)).toBe('$HOME costs $5');
    expect(() => interpolate('${UNSET:?set it}', env)).toThrow('compose: UNSET is required: set it');
  });
});
