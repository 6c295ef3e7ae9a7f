import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICES } from '@surge/contracts';
import { Metrics } from '@surge/platform';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { repoPath } from './paths';
import { PROMETHEUS_RULES_SCHEMA } from './prometheus-rules.schema';
import { readPromql, seriesNames } from './promql';

/**
 * The observability files (deploy/observability) against the code: the
 * metrics the services expose, the rules' and the dashboard's structure, and
 * the queries in both. Each check returns its problems in words, none when
 * all is well.
 */

export const OBSERVABILITY_DIR = repoPath('deploy', 'observability');
export const ALERTS_FILE = path.join(OBSERVABILITY_DIR, 'prometheus', 'alerts.yaml');
export const PROMETHEUS_CONFIG_FILE = path.join(OBSERVABILITY_DIR, 'prometheus', 'prometheus.yml');
export const DASHBOARD_FILE = path.join(OBSERVABILITY_DIR, 'grafana', 'surge-dashboard.json');
export const GRAFANA_PROVISIONING_DIR = path.join(OBSERVABILITY_DIR, 'grafana', 'provisioning');

/** Series Prometheus writes for every target itself: no service exposes them. */
export const SCRAPE_SERIES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
];

export interface ExposedMetric {
  /** The series name as a query selects it (a histogram's `_bucket`, `_sum`, `_count`). */
  readonly series: string;
  /** The metric it belongs to, as registered. */
  readonly metric: string;
  /** `platform` (every service, libs/platform's Metrics and prom-client's defaults) or the app that registers it. */
  readonly origin: string;
}

/**
 * Every series the services' `GET /metrics` can answer with: what the
 * platform's registry holds when made (`new Metrics()`: its own metrics and
 * prom-client's defaults), plus the metrics the services and libraries
 * register on it later, read from their source (`new Counter({ name: … })`
 * and the like). Deploy-check may not import the apps (module boundaries), so
 * theirs are read rather than made; a name built at run time would be
 * missing here, and the checks then fail rather than pass.
 */
export async function exposedMetrics(): Promise<ExposedMetric[]> {
  const exposed: ExposedMetric[] = [];
  const platform = await new Metrics().registry.getMetricsAsJSON();
  for (const { name, type } of platform) {
    for (const series of seriesNames(name, String(type))) exposed.push({ series, metric: name, origin: 'platform' });
  }
  const sources = [
    ...SERVICES.map((service) => ({ origin: service, dir: repoPath('apps', service, 'src') })),
    ...['messaging', 'persistence', 'platform'].map((lib) => ({
      origin: 'platform',
      dir: repoPath('libs', lib, 'src'),
    })),
  ];
  for (const { origin, dir } of sources) {
    for (const file of sourceFiles(dir)) {
      for (const { name, type } of registeredMetrics(readFileSync(file, 'utf8'))) {
        for (const series of seriesNames(name, type)) exposed.push({ series, metric: name, origin });
      }
    }
  }
  return exposed;
}

/** A project's production TypeScript: no tests, no generated clients. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !/\.[\w-]*spec\.ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.split(path.sep).includes('generated'));
}

const PROM_CLIENT_METRIC =
  /new\s+(Counter|Gauge|Histogram|Summary)\s*(?:<[^>]*>)?\s*\(\s*\{[^}]*?\bname:\s*(['"`])([A-Za-z_:][\w:]*)\2/g;

/** `metrics.gaugesReadAtScrape(read, [{ name: …, help, value }, …])` (libs/platform): every entry is a gauge. */
const GAUGES_READ_AT_SCRAPE = /\.gaugesReadAtScrape\s*\([\s\S]*?\]\s*,?\s*\)/g;
const LITERAL_NAME = /\bname:\s*(['"`])([A-Za-z_:][\w:]*)\1/g;

/** The metrics a source file registers with prom-client, by literal name. */
export function registeredMetrics(source: string): { name: string; type: string }[] {
  const constructed = [...source.matchAll(PROM_CLIENT_METRIC)].map((match) => ({
    name: match[3],
    type: match[1].toLowerCase(),
  }));
  const readAtScrape = [...source.matchAll(GAUGES_READ_AT_SCRAPE)].flatMap(([call]) =>
    [...call.matchAll(LITERAL_NAME)].map((match) => ({ name: match[2], type: 'gauge' })),
  );
  return [...constructed, ...readAtScrape];
}

// --- alert rules ------------------------------------------------------------------------------------------------

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface RuleFile {
  readonly groups: { readonly name: string; readonly rules: AlertRule[] }[];
}

export function readAlerts(file = ALERTS_FILE): RuleFile {
  return parse(readFileSync(file, 'utf8')) as RuleFile;
}

export const alertRules = (rules: RuleFile): AlertRule[] => rules.groups.flatMap((group) => group.rules);

const validateRuleFile = new Ajv({ allErrors: true }).compile(PROMETHEUS_RULES_SCHEMA);

export const SEVERITIES = ['warning', 'critical'];

/**
 * A rule file as Prometheus loads it (the schema: its fields and types) and as
 * this project writes them: every alert waits (`for`), has a severity, a
 * summary, a description and a runbook, and a query that reads.
 */
export function alertRuleProblems(rules: RuleFile): string[] {
  if (!validateRuleFile(rules)) {
    return (validateRuleFile.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
  }
  const problems: string[] = [];
  const names = alertRules(rules).map((rule) => rule.alert);
  problems.push(...names.filter((name, i) => names.indexOf(name) !== i).map((name) => `${name}: named twice`));
  for (const rule of alertRules(rules)) {
    const at = rule.alert;
    if (!/^Surge[A-Z][A-Za-z0-9]*$/.test(at)) problems.push(`${at}: name alerts Surge<CamelCase>`);
    if (rule.for === undefined) problems.push(`${at}: no for`);
    if (!SEVERITIES.includes(rule.labels?.severity ?? '')) {
      problems.push(`${at}: labels.severity ${rule.labels?.severity}, expected ${SEVERITIES.join(' or ')}`);
    }
    for (const annotation of ['summary', 'description', 'runbook']) {
      const text = rule.annotations?.[annotation];
      if (!text?.trim()) problems.push(`${at}: no annotations.${annotation}`);
      else if (text.split('{{').length !== text.split('}}').length)
        problems.push(`${at}: ${annotation}: unbalanced {{ }}`);
    }
    problems.push(...readPromql(rule.expr).problems.map((problem) => `${at}: ${problem}`));
  }
  return problems;
}

// --- Grafana ----------------------------------------------------------------------------------------------------

export interface DashboardTarget {
  readonly refId: string;
  readonly expr: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
}

export interface DashboardPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly h: number; readonly w: number; readonly x: number; readonly y: number };
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  readonly targets?: DashboardTarget[];
  readonly panels?: DashboardPanel[];
}

export interface TemplateVariable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query?: string };
  readonly datasource?: { readonly type?: string; readonly uid?: string };
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly schemaVersion: number;
  readonly templating: { readonly list: TemplateVariable[] };
  readonly panels: DashboardPanel[];
}

export function readDashboard(file = DASHBOARD_FILE): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** The panels in order, those inside collapsed rows included, each under the row it belongs to. */
export function panelsByRow(dashboard: Dashboard): { row: string; panel: DashboardPanel }[] {
  const result: { row: string; panel: DashboardPanel }[] = [];
  let row = '';
  for (const panel of dashboard.panels) {
    if (panel.type === 'row') {
      row = panel.title;
      for (const inner of panel.panels ?? []) result.push({ row, panel: inner });
    } else result.push({ row, panel });
  }
  return result;
}

/** Every PromQL query of the dashboard: its panels' targets and its query variables. */
export function dashboardQueries(dashboard: Dashboard): { where: string; expr: string }[] {
  const queries = panelsByRow(dashboard).flatMap(({ row, panel }) =>
    (panel.targets ?? []).map((target) => ({ where: `${row} / ${panel.title} / ${target.refId}`, expr: target.expr })),
  );
  for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
    const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
    // label_values(metric, label): Grafana's, not PromQL; its first argument is a selector.
    const labelValues = /^label_values\((.*),\s*(\w+)\)$/.exec(query.trim());
    queries.push({ where: `variable ${variable.name}`, expr: labelValues ? labelValues[1] : query });
  }
  return queries;
}

/** A Prometheus data source as the dashboard names it: its `datasource` variable, or the provisioned uid. */
const PROMETHEUS_DATASOURCE = (ds: { type?: string; uid?: string } | undefined): boolean =>
  ds?.type === 'prometheus' && (ds.uid === '${datasource}' || ds.uid === 'prometheus');

/**
 * What Grafana needs to load the dashboard from a file, and what this project
 * asks of it: a schema version of Grafana 11+, a Prometheus data-source
 * variable and a `service` variable, panels on the 24-column grid with
 * unique ids, each query on the Prometheus data source, and each reading.
 */
export function dashboardProblems(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  if (!dashboard.uid || !/^[\w-]{1,40}$/.test(dashboard.uid)) problems.push('uid: 1 to 40 letters, digits, - or _');
  if (!(dashboard.schemaVersion >= 39)) problems.push(`schemaVersion ${dashboard.schemaVersion}, at least 39`);
  const variables = dashboard.templating?.list ?? [];
  const datasource = variables.find((v) => v.name === 'datasource');
  if (datasource?.type !== 'datasource' || datasource.query !== 'prometheus') {
    problems.push('templating: a variable datasource of type datasource, query prometheus');
  }
  const service = variables.find((v) => v.name === 'service');
  if (service?.type !== 'query' || !PROMETHEUS_DATASOURCE(service.datasource)) {
    problems.push('templating: a query variable service on the Prometheus data source');
  }

  const all = [...dashboard.panels, ...dashboard.panels.flatMap((p) => p.panels ?? [])];
  const ids = all.map((p) => p.id);
  if (ids.some((id, i) => !Number.isInteger(id) || ids.indexOf(id) !== i)) problems.push('panel ids: unique integers');
  for (const panel of all) {
    const at = `panel "${panel.title}"`;
    const { h, w, x, y } = panel.gridPos ?? {};
    if (![h, w, x, y].every(Number.isInteger) || w < 1 || x < 0 || x + w > 24 || h < 1 || y < 0) {
      problems.push(`${at}: gridPos within the 24 columns`);
    }
    if (panel.type === 'row') continue;
    if (!PROMETHEUS_DATASOURCE(panel.datasource)) problems.push(`${at}: datasource \${datasource} (prometheus)`);
    if (!panel.targets?.length) problems.push(`${at}: no query`);
    for (const target of panel.targets ?? []) {
      if (target.datasource && !PROMETHEUS_DATASOURCE(target.datasource)) {
        problems.push(`${at} ${target.refId}: datasource \${datasource} (prometheus)`);
      }
    }
  }
  for (const { where, expr } of dashboardQueries(dashboard)) {
    problems.push(...readPromql(expr).problems.map((problem) => `${where}: ${problem}`));
  }
  return problems;
}

/** The metric names in queries that no service exposes, each with where it is used. */
export function unknownMetrics(
  queries: readonly { where: string; expr: string }[],
  exposed: ReadonlySet<string>,
): string[] {
  return queries.flatMap(({ where, expr }) =>
    readPromql(expr)
      .metrics.filter((name) => !exposed.has(name))
      .map((name) => `${where}: ${name} is not a metric the services expose`),
  );
}

// --- Prometheus and Grafana configuration ---------------------------------------------------------------------------

export interface PrometheusConfig {
  readonly global?: { readonly scrape_interval?: string; readonly evaluation_interval?: string };
  readonly rule_files?: string[];
  readonly scrape_configs: {
    readonly job_name: string;
    readonly metrics_path?: string;
    readonly honor_labels?: boolean;
    readonly static_configs?: { readonly targets: string[]; readonly labels?: Record<string, string> }[];
  }[];
}

export const readPrometheusConfig = (file = PROMETHEUS_CONFIG_FILE): PrometheusConfig =>
  parse(readFileSync(file, 'utf8')) as PrometheusConfig;

/** The targets Prometheus scrapes, each with its `service` label and path. */
export function scrapeTargets(config: PrometheusConfig): { target: string; service?: string; path: string }[] {
  return config.scrape_configs.flatMap((job) =>
    (job.static_configs ?? []).flatMap((group) =>
      group.targets.map((target) => ({ target, service: group.labels?.service, path: job.metrics_path ?? '/metrics' })),
    ),
  );
}

export const readYaml = <T>(file: string): T => parse(readFileSync(file, 'utf8')) as T;
