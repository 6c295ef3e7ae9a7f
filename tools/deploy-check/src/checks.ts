import {
  CATALOGUE_BY_TOPIC,
  DEFAULT_HTTP_PORTS,
  RETRY_DELAYS_MS,
  SERVICES,
  type ServiceName,
  topicsConsumedBy,
} from '@surge/contracts';
import { type TopicSpec, topicSpecsFor } from '@surge/messaging';
import { loadConfig, serviceConfigSchema } from '@surge/platform';
import { type ComposeFile, interpolate } from './compose';
import type { KubeObject } from './kustomize';

/**
 * Consistency checks between the deployment files and the code: each returns
 * the problems it finds, in words, and an empty list when there are none.
 */

/** The non-root user the image runs as (Dockerfile `USER`) and the pods ask for. */
export const SERVICE_UID = 10001;
/** Seconds a pod gets between SIGTERM and SIGKILL: enough to finish an in-flight batch. */
export const MIN_TERMINATION_GRACE_SECONDS = 45;

/** Each service's own PostgreSQL role and database (deploy/compose/postgres-init.sql). */
export const databaseRole = (service: ServiceName): string => `surge_${service.replace(/-/g, '_')}`;

/** The consumer groups (one per consuming service, named after it). */
export const consumerGroups = (): ServiceName[] => SERVICES.filter((s) => topicsConsumedBy(s).length > 0);

/** Every topic the services need, with its partitions: the catalogue's, the dead-letter and the retry topics. */
export const expectedTopics = (): TopicSpec[] =>
  sortTopics(topicSpecsFor(consumerGroups(), new Map(consumerGroups().map((group) => [group, RETRY_DELAYS_MS]))));

export const sortTopics = (specs: readonly TopicSpec[]): TopicSpec[] =>
  [...specs].map((s) => ({ topic: s.topic, partitions: s.partitions })).sort((a, b) => a.topic.localeCompare(b.topic));

/** `<topic>:<partitions> …`, the TOPICS variable of the topic-creation one-shots. */
export function parseTopicList(value: string): TopicSpec[] {
  return sortTopics(
    value
      .trim()
      .split(/\s+/)
      .map((spec) => {
        const match = /^(.+):(\d+)$/.exec(spec);
        if (!match) throw new Error(`"${spec}" is not <topic>:<partitions>`);
        return { topic: match[1], partitions: Number(match[2]) };
      }),
  );
}

/** The fewest partitions among the topics a service consumes: more consumers than that would idle. */
export function partitionsFor(service: ServiceName): number {
  return Math.min(...topicsConsumedBy(service).map((topic) => CATALOGUE_BY_TOPIC[topic].partitions));
}

/**
 * Whether a service accepts these variables: every name is one its config
 * reads (libs/platform/src/config.ts), the values parse, and PORT is the
 * service's port of docs/DESIGN.md.
 */
export function configProblems(service: ServiceName, env: Record<string, string>): string[] {
  const known = new Set(Object.keys(serviceConfigSchema.shape));
  const problems = Object.keys(env)
    .filter((name) => !known.has(name))
    .map((name) => `${service}: ${name} is not a variable the service reads`);
  try {
    const config = loadConfig(service, env);
    if (config.PORT !== DEFAULT_HTTP_PORTS[service]) {
      problems.push(`${service}: PORT ${config.PORT}, not ${DEFAULT_HTTP_PORTS[service]}`);
    }
    if (config.HOST !== '0.0.0.0') problems.push(`${service}: HOST ${config.HOST}: a container must listen on 0.0.0.0`);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return problems;
}

/** Development DATABASE_URLs follow postgres-init.sql: role, password and database all surge_<service>. */
export function databaseUrlProblems(service: ServiceName, value: string | undefined, host: string): string[] {
  if (!value) return [`${service}: no DATABASE_URL`];
  const url = new URL(value);
  const role = databaseRole(service);
  const expected = `postgresql://${role}:${role}@${host}/${role}`;
  const actual = `${url.protocol}//${url.username}:${url.password}@${url.host}${url.pathname}`;
  return actual === expected ? [] : [`${service}: DATABASE_URL ${actual}, expected ${expected}`];
}

// --- docker compose -------------------------------------------------------------------------------------------

/** Compose environment values are scalars; the service sees them as text, interpolated with no variable set. */
const asStrings = (env: Record<string, string | number | boolean | null> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : interpolate(String(v))]));

const seconds = (duration = '0s'): number => {
  const match = /^(\d+)(s|m)$/.exec(duration);
  if (!match) throw new Error(`unreadable duration ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
};

/** One service of docker-compose.yml and its migration one-shot, against the code. */
export function composeServiceProblems(compose: ComposeFile, service: ServiceName): string[] {
  const problems: string[] = [];
  const app = compose.services[service];
  const migrate = compose.services[`${service}-migrate`];
  if (!app) return [`compose: no service ${service}`];
  if (!migrate) problems.push(`compose: no service ${service}-migrate`);
  const port = DEFAULT_HTTP_PORTS[service];
  const image = `surge/${service}:\${SURGE_TAG:-dev}`;

  for (const [name, entry] of [
    [service, app],
    [`${service}-migrate`, migrate],
  ] as const) {
    if (!entry) continue;
    if (entry.build?.args?.SERVICE !== service) problems.push(`compose ${name}: build arg SERVICE is not ${service}`);
    if (entry.build?.context !== '.') problems.push(`compose ${name}: build context is not the repository`);
    if (entry.image !== image) problems.push(`compose ${name}: image ${entry.image}, expected ${image}`);
  }

  const env = asStrings(app.environment);
  problems.push(...configProblems(service, env));
  problems.push(...databaseUrlProblems(service, env.DATABASE_URL, 'postgres:5432'));
  if (JSON.stringify(app.ports) !== JSON.stringify([`127.0.0.1:${port}:${port}`])) {
    problems.push(`compose ${service}: ports ${JSON.stringify(app.ports)}, expected 127.0.0.1:${port}:${port}`);
  }
  if (!app.healthcheck?.test?.includes('healthcheck')) problems.push(`compose ${service}: no image healthcheck`);
  if (seconds(app.stop_grace_period) < MIN_TERMINATION_GRACE_SECONDS) {
    problems.push(`compose ${service}: stop_grace_period below ${MIN_TERMINATION_GRACE_SECONDS}s`);
  }
  const needs: Record<string, string> = {
    kafka: 'service_healthy',
    'schema-registry': 'service_healthy',
    postgres: 'service_healthy',
    'kafka-topics': 'service_completed_successfully',
    [`${service}-migrate`]: 'service_completed_successfully',
  };
  for (const [dependency, condition] of Object.entries(needs)) {
    if (app.depends_on?.[dependency]?.condition !== condition) {
      problems.push(`compose ${service}: must depend on ${dependency} (${condition})`);
    }
  }

  if (migrate) {
    if (JSON.stringify(migrate.command) !== '["migrate"]') problems.push(`compose ${service}-migrate: command migrate`);
    if (asStrings(migrate.environment).DATABASE_URL !== env.DATABASE_URL) {
      problems.push(`compose ${service}-migrate: not the DATABASE_URL of ${service}`);
    }
    if (migrate.depends_on?.postgres?.condition !== 'service_healthy') {
      problems.push(`compose ${service}-migrate: must wait for a healthy postgres`);
    }
  }
  return problems;
}

/**
 * `docker compose up --wait` fails on a one-shot that exits, unless a running
 * service waits for it with service_completed_successfully.
 */
export function composeOneShotProblems(compose: ComposeFile): string[] {
  const entries = Object.entries(compose.services).filter(([, s]) => !s.profiles);
  const oneShots = entries.filter(([, s]) => s.restart === 'no').map(([name]) => name);
  return oneShots
    .filter(
      (oneShot) =>
        !entries.some(
          ([, s]) => s.restart !== 'no' && s.depends_on?.[oneShot]?.condition === 'service_completed_successfully',
        ),
    )
    .map((oneShot) => `compose: no running service waits for the one-shot ${oneShot}`);
}

// --- Kubernetes -----------------------------------------------------------------------------------------------

interface Container {
  name: string;
  image?: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path?: string; port?: number | string } };
  livenessProbe?: { httpGet?: { path?: string; port?: number | string } };
  startupProbe?: { httpGet?: { path?: string; port?: number | string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type?: string } };
  volumes?: { name: string; emptyDir?: object }[];
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: PodSpec;
}

type Spec<T> = KubeObject & { spec: T };

const named = <T>(objects: readonly KubeObject[], kind: string, name: string): Spec<T> | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as Spec<T> | undefined;

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The environment a container starts with; DATABASE_URL from its Secret, or `placeholder` where no Secret is rendered. */
export function containerEnvironment(
  objects: readonly KubeObject[],
  container: Container,
  placeholder: string,
): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef?.name;
    const configMap = ref
      ? (named<unknown>(objects, 'ConfigMap', ref) as { data?: Record<string, string> })
      : undefined;
    if (!configMap) problems.push(`${container.name}: envFrom names no rendered ConfigMap (${ref})`);
    Object.assign(env, configMap?.data);
  }
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef;
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (secretRef) {
      const secret = named<unknown>(objects, 'Secret', secretRef.name) as { data?: Record<string, string> } | undefined;
      const encoded = secret?.data?.[secretRef.key];
      env[variable.name] = encoded === undefined ? placeholder : Buffer.from(encoded, 'base64').toString('utf8');
    } else problems.push(`${container.name}: ${variable.name} has neither a value nor a Secret`);
  }
  return { env, problems };
}

/** The environment a service's container starts with in a rendered overlay (DATABASE_URL empty without a Secret). */
export function serviceEnvironment(objects: readonly KubeObject[], service: ServiceName): Record<string, string> {
  const deployment = named<{ template: PodTemplate }>(objects, 'Deployment', service);
  const container = deployment?.spec.template.spec.containers.find((c) => c.name === service);
  return container ? containerEnvironment(objects, container, '').env : {};
}

function hardeningProblems(where: string, pod: PodSpec): string[] {
  const problems: string[] = [];
  const security = pod.securityContext;
  if (security?.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot`);
  if (security?.runAsUser !== SERVICE_UID) problems.push(`${where}: runAsUser ${SERVICE_UID}, the image's user`);
  if (security?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${where}: seccomp RuntimeDefault`);
  if (pod.automountServiceAccountToken !== false) problems.push(`${where}: automountServiceAccountToken false`);
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const at = `${where} container ${container.name}`;
    const context = container.securityContext;
    if (context?.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation false`);
    if (context?.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem`);
    if (!context?.capabilities?.drop?.includes('ALL')) problems.push(`${at}: drop ALL capabilities`);
    const { requests = {}, limits = {} } = container.resources ?? {};
    if (!requests.cpu || !requests.memory || !limits.memory) problems.push(`${at}: cpu/memory requests, memory limit`);
    const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
    if (!tmp || !pod.volumes?.find((v) => v.name === tmp.name)?.emptyDir) {
      problems.push(`${at}: a writable /tmp (emptyDir) on the read-only root`);
    }
  }
  return problems;
}

function imageProblems(where: string, service: ServiceName, image: string | undefined): string[] {
  const match = /^(.+):([^:/]+)$/.exec(image ?? '');
  if (!match || !match[1].endsWith(`surge/${service}`))
    return [`${where}: image ${image} is not surge/${service}:<tag>`];
  return match[2] === 'latest' ? [`${where}: image ${image}: name a version, not latest`] : [];
}

function databaseSecretProblems(where: string, service: ServiceName, container: Container): string[] {
  const ref = container.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
  // Kustomize suffixes generated Secrets with a hash of their content.
  const ok = ref && ref.key === 'DATABASE_URL' && new RegExp(`^surge-${service}-db(-[a-z0-9]+)?$`).test(ref.name);
  return ok ? [] : [`${where}: DATABASE_URL must come from Secret surge-${service}-db, key DATABASE_URL`];
}

/** One service in one rendered overlay: its Deployment, Service, migration Job, PDB, NetworkPolicy and scaler. */
export function kubernetesServiceProblems(objects: readonly KubeObject[], service: ServiceName): string[] {
  const problems: string[] = [];
  const port = DEFAULT_HTTP_PORTS[service];
  const deployment = named<{ replicas?: number; template: PodTemplate }>(objects, 'Deployment', service);
  if (!deployment) return [`no Deployment ${service}`];
  const pod = deployment.spec.template.spec;
  const podLabels = deployment.spec.template.metadata.labels;
  const main = pod.containers.find((c) => c.name === service);
  if (!main) return [`Deployment ${service}: no container named ${service}`];

  problems.push(...imageProblems(`Deployment ${service}`, service, main.image));
  if (JSON.stringify(main.args) !== '["serve"]') problems.push(`Deployment ${service}: args [serve]`);
  const ports = (main.ports ?? []).map((p) => `${p.name}:${p.containerPort}`);
  if (JSON.stringify(ports) !== JSON.stringify([`http:${port}`])) {
    problems.push(`Deployment ${service}: one port, http ${port}`);
  }
  const { env, problems: envProblems } = containerEnvironment(
    objects,
    main,
    `postgresql://${databaseRole(service)}@database:5432/${databaseRole(service)}`,
  );
  problems.push(...envProblems, ...configProblems(service, env));
  problems.push(...databaseSecretProblems(`Deployment ${service}`, service, main));
  if (main.readinessProbe?.httpGet?.path !== '/health/ready')
    problems.push(`Deployment ${service}: readiness on /health/ready`);
  if (main.livenessProbe?.httpGet?.path !== '/health/live')
    problems.push(`Deployment ${service}: liveness on /health/live`);
  if (!main.startupProbe) problems.push(`Deployment ${service}: a startup probe (it listens once Kafka is reached)`);
  for (const probe of [main.readinessProbe, main.livenessProbe, main.startupProbe]) {
    if (probe?.httpGet && probe.httpGet.port !== 'http' && probe.httpGet.port !== port) {
      problems.push(`Deployment ${service}: probes on the http port`);
    }
  }
  if ((pod.terminationGracePeriodSeconds ?? 30) < MIN_TERMINATION_GRACE_SECONDS) {
    problems.push(`Deployment ${service}: terminationGracePeriodSeconds below ${MIN_TERMINATION_GRACE_SECONDS}`);
  }
  if (deployment.spec.replicas !== undefined) problems.push(`Deployment ${service}: replicas belong to its scaler`);
  const waits = pod.initContainers?.find((c) => JSON.stringify(c.args) === '["await-migrations"]');
  if (!waits) problems.push(`Deployment ${service}: an init container waiting for the migrations`);
  else {
    problems.push(...imageProblems(`Deployment ${service} ${waits.name}`, service, waits.image));
    problems.push(...databaseSecretProblems(`Deployment ${service} ${waits.name}`, service, waits));
  }
  problems.push(...hardeningProblems(`Deployment ${service}`, pod));

  const svc = named<{ selector: Record<string, string>; ports: { port: number; targetPort: unknown }[] }>(
    objects,
    'Service',
    service,
  );
  if (!svc) problems.push(`no Service ${service}`);
  else {
    if (!selects(svc.spec.selector, podLabels)) problems.push(`Service ${service}: selects other pods`);
    if (JSON.stringify(svc.spec.ports.map((p) => [p.port, p.targetPort])) !== JSON.stringify([[port, 'http']])) {
      problems.push(`Service ${service}: port ${port} to http`);
    }
  }

  const job = named<{ template: PodTemplate }>(objects, 'Job', `${service}-migrate`);
  if (!job) problems.push(`no migration Job ${service}-migrate`);
  else {
    const [migrate] = job.spec.template.spec.containers;
    if (JSON.stringify(migrate.args) !== '["migrate"]') problems.push(`Job ${service}-migrate: args [migrate]`);
    problems.push(...imageProblems(`Job ${service}-migrate`, service, migrate.image));
    if (migrate.image !== main.image) problems.push(`Job ${service}-migrate: not the Deployment's image`);
    problems.push(...databaseSecretProblems(`Job ${service}-migrate`, service, migrate));
    problems.push(...hardeningProblems(`Job ${service}-migrate`, job.spec.template.spec));
  }

  const pdb = named<{ selector: { matchLabels: Record<string, string> } }>(objects, 'PodDisruptionBudget', service);
  if (!pdb || !selects(pdb.spec.selector.matchLabels, podLabels))
    problems.push(`no PodDisruptionBudget for ${service}`);

  problems.push(...networkPolicyProblems(objects, service, podLabels));
  problems.push(...scalerProblems(objects, service, env));
  return problems;
}

type NetworkPolicySpec = {
  podSelector: { matchLabels: Record<string, string> };
  policyTypes?: string[];
  ingress?: { from?: unknown[]; ports?: { port: unknown; protocol?: string }[] }[];
  egress?: { to?: unknown[]; ports?: { port: unknown; protocol?: string }[] }[];
};

/** The only egress a service has: Kafka, the registry, PostgreSQL, DNS. */
const ALLOWED_EGRESS = ['9092/TCP', '8081/TCP', '5432/TCP', '53/UDP', '53/TCP'].sort();

function networkPolicyProblems(
  objects: readonly KubeObject[],
  service: ServiceName,
  podLabels: Record<string, string>,
): string[] {
  const policy = named<NetworkPolicySpec>(objects, 'NetworkPolicy', service);
  if (!policy || !selects(policy.spec.podSelector.matchLabels, podLabels)) return [`no NetworkPolicy for ${service}`];
  const problems: string[] = [];
  const { policyTypes = [], ingress = [], egress = [] } = policy.spec;
  if (!policyTypes.includes('Ingress') || !policyTypes.includes('Egress')) {
    problems.push(`NetworkPolicy ${service}: both Ingress and Egress`);
  }
  const ingressPorts = ingress.flatMap((rule) => rule.ports ?? [undefined]).map((p) => p?.port);
  if (JSON.stringify(ingressPorts) !== '["http"]') problems.push(`NetworkPolicy ${service}: ingress on http only`);
  if (egress.some((rule) => !rule.to?.length || !rule.ports?.length)) {
    problems.push(`NetworkPolicy ${service}: every egress rule names its peers and ports`);
  }
  const egressPorts = [
    ...new Set(egress.flatMap((rule) => rule.ports ?? []).map((p) => `${String(p.port)}/${p.protocol ?? 'TCP'}`)),
  ].sort();
  if (JSON.stringify(egressPorts) !== JSON.stringify(ALLOWED_EGRESS)) {
    problems.push(`NetworkPolicy ${service}: egress ${egressPorts.join(' ')}, expected ${ALLOWED_EGRESS.join(' ')}`);
  }
  return problems;
}

type ScaledObjectSpec = {
  scaleTargetRef: { name: string; kind?: string };
  minReplicaCount?: number;
  maxReplicaCount?: number;
  triggers: { type: string; metadata: Record<string, string> }[];
};
type HpaSpec = { scaleTargetRef: { kind: string; name: string }; minReplicas?: number; maxReplicas: number };

/** Exactly one scaler per service: a KEDA ScaledObject on its group's lag, or a CPU HPA. */
function scalerProblems(objects: readonly KubeObject[], service: ServiceName, env: Record<string, string>): string[] {
  const problems: string[] = [];
  const partitions = partitionsFor(service);
  const scaledObjects = objects.filter(
    (o) => o.kind === 'ScaledObject' && (o as Spec<ScaledObjectSpec>).spec.scaleTargetRef.name === service,
  ) as Spec<ScaledObjectSpec>[];
  const hpas = objects.filter(
    (o) =>
      o.kind === 'HorizontalPodAutoscaler' &&
      (o as Spec<HpaSpec>).spec.scaleTargetRef.kind === 'Deployment' &&
      (o as Spec<HpaSpec>).spec.scaleTargetRef.name === service,
  ) as Spec<HpaSpec>[];
  if (scaledObjects.length + hpas.length !== 1) {
    return [`${service}: ${scaledObjects.length} ScaledObjects and ${hpas.length} HPAs; exactly one scaler`];
  }
  for (const { spec } of scaledObjects) {
    const min = spec.minReplicaCount ?? 0;
    const max = spec.maxReplicaCount ?? 100;
    if (min < 1 || max < min) problems.push(`ScaledObject ${service}: 1 ≤ minReplicaCount ≤ maxReplicaCount`);
    if (max > partitions)
      problems.push(`ScaledObject ${service}: maxReplicaCount ${max} above ${partitions} partitions`);
    const kafka = spec.triggers.find((t) => t.type === 'kafka');
    if (!kafka) problems.push(`ScaledObject ${service}: no kafka trigger`);
    else {
      if (kafka.metadata.consumerGroup !== service) problems.push(`ScaledObject ${service}: consumerGroup ${service}`);
      const fromEnv = kafka.metadata.bootstrapServersFromEnv;
      if (!(fromEnv ? env[fromEnv] : kafka.metadata.bootstrapServers)) {
        problems.push(
          `ScaledObject ${service}: bootstrap servers must resolve (bootstrapServersFromEnv: KAFKA_BROKERS)`,
        );
      }
      if (!(Number(kafka.metadata.lagThreshold) > 0)) problems.push(`ScaledObject ${service}: a positive lagThreshold`);
    }
  }
  for (const { spec } of hpas) {
    const min = spec.minReplicas ?? 1;
    if (min < 1 || spec.maxReplicas < min) problems.push(`HPA ${service}: 1 ≤ minReplicas ≤ maxReplicas`);
    if (spec.maxReplicas > partitions) problems.push(`HPA ${service}: maxReplicas above ${partitions} partitions`);
  }
  return problems;
}

type KafkaTopicSpec = { topicName?: string; partitions: number; replicas: number; config?: Record<string, unknown> };

/** The topics an overlay declares: Strimzi KafkaTopics, or the TOPICS of its topic-creation Job. */
export function declaredTopics(objects: readonly KubeObject[]): { topics: TopicSpec[]; problems: string[] } {
  const problems: string[] = [];
  const kafkaTopics = objects.filter((o) => o.kind === 'KafkaTopic') as Spec<KafkaTopicSpec>[];
  const job = named<{ template: PodTemplate }>(objects, 'Job', 'kafka-topics');
  if (kafkaTopics.length > 0 === !!job) {
    return { topics: [], problems: ['declare topics one way: Strimzi KafkaTopics or the kafka-topics Job'] };
  }
  if (job) {
    const list = job.spec.template.spec.containers[0].env?.find((e) => e.name === 'TOPICS')?.value;
    return { topics: list ? parseTopicList(list) : [], problems: list ? [] : ['kafka-topics Job: no TOPICS'] };
  }
  const platform = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('surge-platform')) as
    { data?: Record<string, string> } | undefined;
  const replication = Number(platform?.data?.KAFKA_REPLICATION_FACTOR ?? 1);
  for (const { metadata, spec } of kafkaTopics) {
    if (spec.replicas !== replication) {
      problems.push(`KafkaTopic ${metadata.name}: ${spec.replicas} replicas, the services say ${replication}`);
    }
    const minIsr = Number(spec.config?.['min.insync.replicas'] ?? 1);
    if (spec.replicas > 1 && !(minIsr > 1 && minIsr < spec.replicas)) {
      problems.push(`KafkaTopic ${metadata.name}: min.insync.replicas between 1 and replicas`);
    }
  }
  const topics = kafkaTopics.map(({ metadata, spec }) => ({
    topic: spec.topicName ?? metadata.name,
    partitions: spec.partitions,
  }));
  return { topics: sortTopics(topics), problems };
}
