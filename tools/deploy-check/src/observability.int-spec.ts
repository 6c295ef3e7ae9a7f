import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_HTTP_PORTS, SERVICES } from '@surge/contracts';
import { configProblems } from './checks';
import {
  type ComposeFile,
  type ComposeService,
  bindMounts,
  composeSpecErrors,
  hostPath,
  interpolate,
  readCompose,
} from './compose';
import {
  ALERTS_FILE,
  DASHBOARD_FILE,
  type Dashboard,
  type ExposedMetric,
  GRAFANA_PROVISIONING_DIR,
  type RuleFile,
  SCRAPE_SERIES,
  alertRuleProblems,
  alertRules,
  dashboardProblems,
  dashboardQueries,
  exposedMetrics,
  panelsByRow,
  readAlerts,
  readDashboard,
  readPrometheusConfig,
  readYaml,
  scrapeTargets,
  unknownMetrics,
} from './observability';
import { repoPath } from './paths';
import { readPromql } from './promql';

const alerts = readAlerts();
const dashboard = readDashboard();
const prometheus = readPrometheusConfig();
const compose = readCompose();

const OBSERVABILITY_SERVICES = ['jaeger', 'prometheus', 'grafana'];
const PROFILE = 'observability';

let exposed: ExposedMetric[] = [];
/** Every series a query may select: what the services expose, and what Prometheus records per target. */
let selectable = new Set<string>();
beforeAll(async () => {
  exposed = await exposedMetrics();
  selectable = new Set([...exposed.map((metric) => metric.series), ...SCRAPE_SERIES]);
});

const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml: no service ${name}`);
  return found;
};

/** The container port a compose service publishes `hostPort` from (`127.0.0.1:host:container`). */
const containerPort = (entry: ComposeService, hostPort: number): number | undefined => {
  const match = entry.ports?.map((p) => /^127\.0\.0\.1:(\d+):(\d+)$/.exec(p)).find((m) => Number(m?.[1]) === hostPort);
  return match ? Number(match[2]) : undefined;
};

const rule = (name: string) => {
  const found = alertRules(alerts).find((r) => r.alert === name);
  if (!found) throw new Error(`alerts.yaml: no alert ${name}`);
  return found;
};

/** The default of one of the orders service's variables, from its config schema (deploy-check may not import apps). */
const ordersDefault = (variable: string): number => {
  const source = readFileSync(repoPath('apps', 'orders', 'src', 'orders.config.ts'), 'utf8');
  // From the variable's key to its .default(…), not past the next key.
  const match = new RegExp(`\\b${variable}:(?:(?!\\n\\s*[A-Z_]+:)[\\s\\S])*?\\.default\\(([\\d_]+)\\)`).exec(source);
  if (!match) throw new Error(`apps/orders/src/orders.config.ts: no default for ${variable}`);
  return Number(match[1].replace(/_/g, ''));
};

describe('the metrics the services expose', () => {
  it('are the platform’s, prom-client’s defaults and the apps’ own, histograms as their series', () => {
    const series = exposed.map((metric) => metric.series);
    expect(series).toEqual(
      expect.arrayContaining([
        'http_requests_total',
        'http_request_duration_seconds_bucket',
        'surge_event_handler_duration_seconds_count',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
      ]),
    );
    expect(exposed).toContainEqual({
      series: 'surge_saga_timeouts_total',
      metric: 'surge_saga_timeouts_total',
      origin: 'orders',
    });
  });
});

describe('deploy/observability/prometheus/alerts.yaml', () => {
  it('is a rule file Prometheus loads, each alert with for, severity, summary, description and runbook', () => {
    expect(alertRuleProblems(alerts)).toEqual([]);
  });

  it('queries only metrics the services expose', () => {
    const queries = alertRules(alerts).map((r) => ({ where: r.alert, expr: r.expr }));
    expect(unknownMetrics(queries, selectable)).toEqual([]);
  });

  it('alerts on lag, dead letters, the outbox, stuck and timed-out sagas, server errors and a service down', () => {
    const metricsOf = (name: string) => readPromql(rule(name).expr).metrics;
    expect(metricsOf('SurgeConsumerLagHigh')).toEqual(['surge_consumer_lag']);
    expect(metricsOf('SurgeDeadLetter')).toEqual(['surge_dead_letters_total']);
    expect(metricsOf('SurgeOutboxBacklogOld')).toEqual(['surge_outbox_oldest_age_seconds']);
    expect(metricsOf('SurgeSagaPastDeadline')).toEqual(['surge_saga_oldest_pending_age_seconds']);
    expect(metricsOf('SurgeSagaStalled')).toEqual(['surge_saga_outcomes_total', 'surge_saga_pending_orders']);
    expect(rule('SurgeSagaTimeoutsRising').expr).toContain('surge_saga_outcomes_total{reason="TIMEOUT"}');
    expect(metricsOf('SurgeHttpErrors')).toEqual(['http_requests_total']);
    expect(metricsOf('SurgeServiceDown')).toEqual(['up']);
  });

  it('calls a saga stuck only once the saga deadline and its sweep have passed', () => {
    const threshold = Number(/>\s*([\d.]+)\s*$/.exec(rule('SurgeSagaPastDeadline').expr.trim())?.[1]);
    const deadlineAndSweep = (ordersDefault('SAGA_DEADLINE_MS') + ordersDefault('SAGA_DEADLINE_SWEEP_MS')) / 1000;
    expect(threshold).toBeGreaterThan(deadlineAndSweep);
    expect(threshold).toBeLessThan(deadlineAndSweep * 2);
  });

  it('watches every service for being down', () => {
    const watched = /up\{service=~"([^"]+)"\}/.exec(rule('SurgeServiceDown').expr)?.[1].split('|');
    expect(watched).toEqual([...SERVICES]);
  });

  describe('the checks', () => {
    const edited = (change: (rules: Record<string, unknown>[]) => void): RuleFile => {
      const copy = structuredClone(alerts);
      change(copy.groups[0].rules as unknown as Record<string, unknown>[]);
      return copy;
    };

    it('refuse a field Prometheus does not know and a `for` that is not a duration', () => {
      const broken = edited(([first]) => {
        first.severity = 'critical';
        first.for = '10 minutes';
      });
      expect(alertRuleProblems(broken)).toEqual([
        '/groups/0/rules/0 must NOT have additional properties',
        '/groups/0/rules/0/for must match pattern "^([0-9]+(ms|[smhdwy]))+$"',
      ]);
    });

    it('find an alert without for, severity or runbook, and a query that does not read', () => {
      const broken = edited(([first]) => {
        delete first.for;
        first.labels = { severity: 'page' };
        first.annotations = { summary: 'lag {{ $labels.group }', description: 'lag' };
        first.expr = 'sum by (group) (rat(surge_consumer_lag[5m])) > 1000';
      });
      expect(alertRuleProblems(broken)).toEqual([
        'SurgeConsumerLagHigh: no for',
        'SurgeConsumerLagHigh: labels.severity page, expected warning or critical',
        'SurgeConsumerLagHigh: summary: unbalanced {{ }}',
        'SurgeConsumerLagHigh: no annotations.runbook',
        'SurgeConsumerLagHigh: unknown function rat()',
      ]);
    });

    it('find a metric no service exposes', () => {
      expect(unknownMetrics([{ where: 'X', expr: 'rate(surge_event_retry_total[5m]) > 0' }], selectable)).toEqual([
        'X: surge_event_retry_total is not a metric the services expose',
      ]);
    });
  });
});

describe('deploy/observability/grafana/surge-dashboard.json', () => {
  it('is a dashboard Grafana loads from a file: schema 39+, datasource and service variables, queries that read', () => {
    expect(dashboardProblems(dashboard)).toEqual([]);
  });

  it('has the rows Saga, Events, Kafka, Outbox, HTTP and Process, each with panels', () => {
    const rows = dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows).toEqual(['Saga', 'Events', 'Kafka', 'Outbox', 'HTTP', 'Process']);
    const panelRows = new Set(panelsByRow(dashboard).map(({ row }) => row));
    expect([...panelRows]).toEqual(rows);
  });

  it('queries only metrics the services expose', () => {
    expect(unknownMetrics(dashboardQueries(dashboard), selectable)).toEqual([]);
  });

  it('graphs every surge_ metric the services expose', () => {
    const queried = new Set(dashboardQueries(dashboard).flatMap(({ expr }) => readPromql(expr).metrics));
    const surge = [...new Set(exposed.filter((m) => m.metric.startsWith('surge_')).map((m) => m.metric))];
    const unseen = surge.filter((metric) => !exposed.some((m) => m.metric === metric && queried.has(m.series)));
    expect(unseen).toEqual([]);
  });

  it('narrows every panel of metrics all services expose to the chosen $service', () => {
    const fromPlatform = new Set(exposed.filter((m) => m.origin === 'platform').map((m) => m.series));
    const unfiltered = dashboardQueries(dashboard)
      .filter(({ where }) => !where.startsWith('variable'))
      .filter(({ expr }) => readPromql(expr).metrics.every((metric) => fromPlatform.has(metric)))
      .filter(({ expr }) => !expr.includes('service=~"$service"'))
      .map(({ where }) => where);
    expect(unfiltered).toEqual([]);
  });

  it('shows handler latency as p50, p95 and p99 of the histogram, per topic and group', () => {
    const latency = dashboardQueries(dashboard)
      .filter(({ expr }) => expr.includes('surge_event_handler_duration_seconds_bucket'))
      .map(({ expr }) => /^histogram_quantile\(([\d.]+), sum by \(([^)]*)\)/.exec(expr));
    expect(latency.map((m) => m?.[1])).toEqual(['0.5', '0.95', '0.99']);
    expect(latency.map((m) => m?.[2])).toEqual(Array(3).fill('group, topic, le'));
  });

  describe('the check', () => {
    it('finds a data source by name, a panel off the grid, an old schema and a query that does not read', () => {
      const broken = structuredClone(dashboard) as { -readonly [K in keyof Dashboard]: Dashboard[K] } & {
        panels: Record<string, unknown>[];
      };
      broken.schemaVersion = 27;
      const panel = broken.panels[1] as { datasource: unknown; gridPos: { x: number }; targets: { expr: string }[] };
      panel.datasource = 'Prometheus';
      panel.gridPos.x = 20;
      panel.targets[0].expr = 'sum(rate(surge_saga_outcomes_total[5m])';
      expect(dashboardProblems(broken as unknown as Dashboard)).toEqual([
        'schemaVersion 27, at least 39',
        'panel "Saga outcomes /s by outcome and reason": gridPos within the 24 columns',
        'panel "Saga outcomes /s by outcome and reason": datasource ${datasource} (prometheus)',
        'Saga / Saga outcomes /s by outcome and reason / A: unclosed "("',
      ]);
    });
  });
});

describe('deploy/observability/prometheus/prometheus.yml', () => {
  it('scrapes /metrics of every service on its compose name and port, labelled with its name', () => {
    const expected = SERVICES.map((name) => ({
      target: `${name}:${DEFAULT_HTTP_PORTS[name]}`,
      service: name,
      path: '/metrics',
    }));
    expect(scrapeTargets(prometheus)).toEqual(expected);
    for (const name of SERVICES) {
      expect(containerPort(service(name), DEFAULT_HTTP_PORTS[name])).toBe(DEFAULT_HTTP_PORTS[name]);
    }
    // The services' own service label is kept, not renamed exported_service beside the target's.
    expect(prometheus.scrape_configs.every((job) => job.honor_labels === true)).toBe(true);
  });

  it('evaluates alerts.yaml, the file compose mounts where rule_files points', () => {
    expect(prometheus.rule_files?.map((file) => hostPath(service('prometheus'), file))).toEqual([ALERTS_FILE]);
    const config = service('prometheus').command?.find((arg) => arg.startsWith('--config.file='));
    expect(hostPath(service('prometheus'), config?.split('=')[1] ?? '')).toBe(
      repoPath('deploy', 'observability', 'prometheus', 'prometheus.yml'),
    );
  });
});

describe('Grafana provisioning', () => {
  interface Datasources {
    datasources: {
      uid: string;
      type: string;
      url: string;
      isDefault?: boolean;
      jsonData?: { timeInterval?: string };
    }[];
  }
  interface Providers {
    providers: { type: string; options: { path: string } }[];
  }
  const grafana = (): ComposeService => service('grafana');
  const provisioning = (): string | undefined => hostPath(grafana(), '/etc/grafana/provisioning');

  it('is mounted where Grafana reads it', () => {
    expect(provisioning()).toBe(GRAFANA_PROVISIONING_DIR);
  });

  it('gives the dashboard compose’s Prometheus as the default data source, uid prometheus', () => {
    const { datasources } = readYaml<Datasources>(
      path.join(GRAFANA_PROVISIONING_DIR, 'datasources', 'prometheus.yaml'),
    );
    expect(datasources).toHaveLength(1);
    const [source] = datasources;
    expect(source).toMatchObject({ uid: 'prometheus', type: 'prometheus', isDefault: true });
    const url = new URL(source.url);
    expect(containerPort(service(url.hostname), 9090)).toBe(Number(url.port));
    // $__rate_interval needs the scrape interval to span enough samples.
    expect(source.jsonData?.timeInterval).toBe(prometheus.global?.scrape_interval);
  });

  it('loads the dashboard from the folder compose mounts it in', () => {
    const { providers } = readYaml<Providers>(path.join(GRAFANA_PROVISIONING_DIR, 'dashboards', 'surge.yaml'));
    expect(providers.map((p) => p.type)).toEqual(['file']);
    const folder = providers[0].options.path;
    expect(hostPath(grafana(), `${folder}/surge-dashboard.json`)).toBe(DASHBOARD_FILE);
  });
});

describe('docker-compose.yml, profile observability', () => {
  it('still conforms to the Compose Specification', () => {
    expect(composeSpecErrors(compose)).toEqual([]);
  });

  it('runs Jaeger, Prometheus and Grafana only under the profile, from pinned images', () => {
    const profiled = Object.entries(compose.services)
      .filter(([, s]) => s.profiles?.includes(PROFILE))
      .map(([name]) => name);
    expect(profiled).toEqual(OBSERVABILITY_SERVICES);
    for (const name of OBSERVABILITY_SERVICES) {
      expect(service(name).profiles).toEqual([PROFILE]);
      expect(service(name).image).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
    }
  });

  it('publishes the UIs and OTLP on loopback only: Jaeger 16686 and 4318, Prometheus 9090, Grafana 3300', () => {
    expect(containerPort(service('jaeger'), 16686)).toBe(16686);
    expect(containerPort(service('jaeger'), 4318)).toBe(4318);
    expect(containerPort(service('prometheus'), 9090)).toBe(9090);
    expect(containerPort(service('grafana'), 3300)).toBe(3000);
    const ports = OBSERVABILITY_SERVICES.flatMap((name) => service(name).ports ?? []);
    expect(ports.filter((p) => !p.startsWith('127.0.0.1:'))).toEqual([]);
  });

  it('mounts every configuration file read-only, from the repository', () => {
    const mounts = OBSERVABILITY_SERVICES.flatMap((name) => bindMounts(service(name)));
    expect(mounts.length).toBeGreaterThanOrEqual(3);
    expect(mounts.filter((m) => !m.readOnly || !m.source.startsWith(repoPath('deploy', 'observability')))).toEqual([]);
  });

  it('lets Grafana’s anonymous visitors view, not edit', () => {
    expect(service('grafana').environment).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: 'true',
      GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
    });
  });

  describe('tracing', () => {
    const withEndpoint = (file: ComposeFile, endpoint: string | undefined, name: string): Record<string, string> => {
      const env = file.services[name].environment ?? {};
      const given: Record<string, string> = endpoint === undefined ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint };
      return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v ?? ''), given)]));
    };

    it.each(SERVICES)('%s exports no traces by default and to Jaeger when the variable says so', (name) => {
      expect(service(name).environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('${OTEL_EXPORTER_OTLP_ENDPOINT:-}');
      expect(withEndpoint(compose, undefined, name).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('');
      const on = withEndpoint(compose, 'http://jaeger:4318', name);
      expect(on.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
      // The service's own config accepts it (libs/platform/src/config.ts).
      expect(configProblems(name, on)).toEqual([]);
    });

    it('has Jaeger receive OTLP over HTTP on 4318 from the other containers', () => {
      expect(service('jaeger').command).toContain('--set=receivers.otlp.protocols.http.endpoint=0.0.0.0:4318');
    });
  });
});
