// `npm start`: the whole Surge stack on this machine, no Docker. Kafka, the
// schema registry and PostgreSQL, then migrations, then the five services,
// each restarted with a backoff when it crashes (as compose or Kubernetes would),
// then the operator console once they are ready.
// Ctrl-C stops the console and the services first (they drain), then the infrastructure.
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  type ExitInfo,
  type Logger,
  type ManagedProcess,
  MigrationError,
  type RunningStack,
  SERVICES,
  SERVICE_PORTS,
  type ServiceName,
  StackError,
  SupervisedProcess,
  assertPortsFree,
  consoleLogger,
  describeExit,
  displayPath,
  errorMessage,
  hasMigrations,
  isStackError,
  migrate,
  repoRoot,
  seconds,
  stackConfig,
  startStack,
  stopAllProcesses,
  waitFor,
} from '@surge/local-infra';
import { LinePrefixer } from './prefix-lines';

export interface CliArgs {
  fresh: boolean;
  /** Start Kafka, the registry and PostgreSQL only (e.g. to run services from an IDE). */
  infraOnly: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm start -- [--fresh] [--infra-only]
  --fresh       delete the dev data (.surge/dev: topics, databases, schemas) first
  --infra-only  start Kafka, the schema registry and PostgreSQL, not the services
Environment: SURGE_KAFKA_PORT (9092), SURGE_KAFKA_CONTROLLER_PORT (9093), SURGE_REGISTRY_PORT (8081),
  SURGE_REGISTRY_MANAGEMENT_PORT (9081), SURGE_POSTGRES_PORT (5433), SURGE_POSTGRES_URL (use this server),
  SURGE_DATA_DIR (.surge/dev), SURGE_CACHE_DIR (.surge/cache), SURGE_JAVA_HOME`;

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { fresh: false, infraOnly: false, help: false };
  for (const arg of argv) {
    if (arg === '--fresh') args.fresh = true;
    else if (arg === '--infra-only') args.infraOnly = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new StackError(`unknown option ${arg}; see npm start -- --help`);
  }
  return args;
}

const SERVICE_READY_TIMEOUT_MS = 120_000;
const SERVICE_STOP_TIMEOUT_MS = 20_000;
/** A service that exits this many times before its first ready answer is broken, not unlucky: the start fails. */
export const START_ATTEMPTS = 3;

function serviceEntry(service: ServiceName | typeof CONSOLE): string {
  return path.join(repoRoot(), 'dist', 'apps', service, 'src', 'main.js');
}

/** The operator console (apps/console): a client of the services' REST APIs, started once they are ready. */
export const CONSOLE = 'console';
export const CONSOLE_PORT = 3000;

/** The console's variables: its port, and where each service answers (ORDERS_URL, ..., FRAUD_DETECTION_URL). */
export function consoleEnv(port: number = CONSOLE_PORT): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    ...Object.fromEntries(
      SERVICES.map((service) => [
        `${service.toUpperCase().replace(/-/g, '_')}_URL`,
        `http://127.0.0.1:${SERVICE_PORTS[service]}`,
      ]),
    ),
  };
}

function healthReady(port: number, healthPath = '/health/ready'): Promise<true | undefined> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: healthPath, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? true : undefined);
    });
    request.once('timeout', () => request.destroy(new Error('timed out')));
    request.once('error', reject);
  });
}

/** Service output, each line prefixed with its name. */
function passThrough(child: ManagedProcess, service: string): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    const lines = new LinePrefixer(`${`[${service}]`.padEnd(18)} `);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const prefixed = lines.push(chunk);
      if (prefixed) process.stdout.write(prefixed);
    });
    stream.on('end', () => {
      const rest = lines.end();
      if (rest) process.stdout.write(rest);
    });
  }
}

/**
 * Each service's V8 old space, in MiB (the image's ENTRYPOINT sets the same). A service's live heap is about 50 MiB
 * even in a flash sale; left to its defaults on a large machine, V8 lets garbage pile up to over 150 MiB before
 * collecting it, and the process's memory with it (docs/performance.md).
 */
const SERVICE_OLD_SPACE_MB = 160;

function superviseService(service: ServiceName, stack: RunningStack, log: Logger): SupervisedProcess {
  const supervised = new SupervisedProcess({
    name: service,
    command: process.execPath,
    args: ['--enable-source-maps', `--max-old-space-size=${SERVICE_OLD_SPACE_MB}`, serviceEntry(service)],
    cwd: repoRoot(),
    env: {
      ...process.env,
      PORT: String(SERVICE_PORTS[service]),
      DATABASE_URL: stack.postgres.databaseUrls[service],
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: stack.registryUrl,
      SERVICE_NAME: service,
    },
    output: 'pipe',
    stopSignal: 'SIGTERM',
    stopTimeoutMs: SERVICE_STOP_TIMEOUT_MS,
    log,
  });
  passThrough(supervised.current, service);
  supervised.onRestart(({ child }) => passThrough(child, service));
  return supervised;
}

function superviseConsole(log: Logger): SupervisedProcess {
  const supervised = new SupervisedProcess({
    name: CONSOLE,
    command: process.execPath,
    args: ['--enable-source-maps', serviceEntry(CONSOLE)],
    cwd: repoRoot(),
    env: { ...process.env, ...consoleEnv() },
    output: 'pipe',
    stopSignal: 'SIGTERM',
    stopTimeoutMs: SERVICE_STOP_TIMEOUT_MS,
    log,
  });
  passThrough(supervised.current, CONSOLE);
  supervised.onRestart(({ child }) => passThrough(child, CONSOLE));
  return supervised;
}

/** Why to stop waiting for a service that keeps crashing before its first ready answer, once it is time to. */
export function startFailure(
  service: string,
  state: { readonly crashes: number; readonly lastExit?: ExitInfo },
): StackError | undefined {
  if (!state.lastExit || state.crashes < START_ATTEMPTS) return undefined;
  return new StackError(
    `${service} ${describeExit(state.lastExit)} before it was ready (${state.crashes} attempts); see its output above`,
  );
}

async function runMigrations(databaseUrls: Record<string, string>, log: Logger): Promise<void> {
  await Promise.all(
    SERVICES.map(async (service) => {
      if (!hasMigrations(service)) {
        log(`${service}: no apps/${service}/prisma.config.ts yet, migrations skipped`);
        return;
      }
      const started = Date.now();
      await migrate(service, databaseUrls[service]);
      log(`${service}: database migrated (${seconds(Date.now() - started)})`);
    }),
  );
}

function summary(
  stack: RunningStack,
  running: readonly ServiceName[],
  withConsole: boolean,
  elapsedMs: number,
): string {
  const row = (name: string, where: string) => `  ${name.padEnd(17)}${where}`;
  const pg = new URL(stack.postgres.adminUrl);
  return [
    `Surge is up (${seconds(elapsedMs)}):`,
    ...running.map((service) => row(service, `http://127.0.0.1:${SERVICE_PORTS[service]}`)),
    ...(withConsole
      ? [row(CONSOLE, `http://127.0.0.1:${CONSOLE_PORT} (orders, timelines, dead letters, lag, stock)`)]
      : []),
    row('kafka', stack.kafkaBrokers.join(',')),
    row('schema registry', stack.registryUrl),
    row(
      'postgres',
      `${pg.hostname}:${pg.port} (admin user ${decodeURIComponent(pg.username)}; one database per service)`,
    ),
    row('logs', displayPath(stack.logsDir)),
    'Press Ctrl-C to stop everything.',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const log = consoleLogger;
  const started = Date.now();
  const config = stackConfig('dev');
  let stack: RunningStack | undefined;
  const services = new Map<ServiceName, SupervisedProcess>();
  let operatorConsole: SupervisedProcess | undefined;
  let stopping = false;

  const shutdown = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    log('stopping...');
    try {
      const t0 = Date.now();
      await operatorConsole?.stop();
      await Promise.all([...services.values()].map((supervised) => supervised.stop()));
      const t1 = Date.now();
      if (stack) await stack.stop();
      // Anything an interrupted start had already launched.
      await stopAllProcesses();
      log(`stopped (services ${seconds(t1 - t0)}, infrastructure ${seconds(Date.now() - t1)})`);
    } catch (error: unknown) {
      log(`stopping failed: ${errorMessage(error)}`);
      code = code || 1;
    }
    process.exit(code);
  };
  // A second Ctrl-C exits at once; the exit hook still signals every child.
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));

  try {
    const wanted = args.infraOnly
      ? []
      : SERVICES.filter((service) => {
          if (existsSync(serviceEntry(service))) return true;
          log(`${service}: not built (${displayPath(serviceEntry(service))} is missing; run npm run build), skipped`);
          return false;
        });
    const withConsole = wanted.length > 0 && existsSync(serviceEntry(CONSOLE));
    if (wanted.length > 0 && !withConsole)
      log(`${CONSOLE}: not built (${displayPath(serviceEntry(CONSOLE))} is missing; run npm run build), skipped`);
    // Every port is checked before anything starts.
    await assertPortsFree([
      ...wanted.map((service) => ({ port: SERVICE_PORTS[service], what: service })),
      ...(withConsole ? [{ port: CONSOLE_PORT, what: CONSOLE }] : []),
    ]);
    // Migrations run while Kafka and the registry are still starting.
    stack = await startStack({
      ...config,
      fresh: args.fresh,
      services: SERVICES,
      onDatabasesReady: (urls) => runMigrations(urls, log),
      log,
    });
    if (stopping) return;

    for (const service of wanted) services.set(service, superviseService(service, stack, log));
    await Promise.all(
      [...services].map(async ([service, supervised]) => {
        const t = Date.now();
        await waitFor(service, () => healthReady(SERVICE_PORTS[service]), {
          timeoutMs: SERVICE_READY_TIMEOUT_MS,
          intervalMs: 300,
          abortWhen: () => startFailure(service, supervised),
          hint: `GET http://127.0.0.1:${SERVICE_PORTS[service]}/health/ready never answered 200`,
        });
        log(`${service} ready (${seconds(Date.now() - t)})`);
      }),
    );
    if (stopping) return;
    if (withConsole) {
      const t = Date.now();
      const supervised = superviseConsole(log);
      operatorConsole = supervised;
      await waitFor(CONSOLE, () => healthReady(CONSOLE_PORT, '/health/live'), {
        timeoutMs: SERVICE_READY_TIMEOUT_MS,
        intervalMs: 300,
        abortWhen: () => startFailure(CONSOLE, supervised),
        hint: `GET http://127.0.0.1:${CONSOLE_PORT}/health/live never answered 200`,
      });
      log(`${CONSOLE} ready (${seconds(Date.now() - t)})`);
    }
    if (stopping) return;
    console.log(summary(stack, [...services.keys()], withConsole, Date.now() - started));
    // Children are unref'd; this keeps the runner alive until a signal arrives.
    setInterval(() => undefined, 1 << 30);
  } catch (error: unknown) {
    if (stopping) return;
    if (isStackError(error) || error instanceof MigrationError) console.error(`[stack] error: ${error.message}`);
    else console.error('[stack] unexpected failure:', error);
    await shutdown(1);
  }
}

if (require.main === module) void main();
