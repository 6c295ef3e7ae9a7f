import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type ServiceName, SERVICES } from '@surge/contracts';
import {
  type RestartPolicy,
  SupervisedProcess,
  describeExit,
  findFreePort,
  stackConfig,
  waitFor,
} from '@surge/local-infra';
import { testInfra } from './infra-env';

const ROOT = path.resolve(__dirname, '../../..');

/** Where the services connect. */
export interface SurgeInfra {
  kafkaBrokers: string[];
  registryUrl: string;
  databaseUrls: Record<ServiceName, string>;
}

export interface StartSurgeOptions {
  /** By default the run's infrastructure, from the global setup (testInfra). */
  infra?: SurgeInfra;
  /** Extra variables for a service, over the ones startSurge sets (PORT, DATABASE_URL, ...). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Gets `<service>.log` per service; by default a fresh folder under the test data dir's logs/. */
  logDir?: string;
  /** Compile apps and libs to dist first, so the processes run the code under test (default true). */
  build?: boolean;
  /** Backoff between a crash (or kill()) and the restart; the defaults start at 0.5 s. */
  restart?: Partial<RestartPolicy>;
  /** For the first start, and waitReady()'s default (90 s). */
  readyTimeoutMs?: number;
}

export interface RunningSurge {
  /** Base URL of each service, e.g. http://127.0.0.1:41234; the same across restarts. */
  readonly urls: Readonly<Record<ServiceName, string>>;
  /** Where each service's output goes, with a line per restart. */
  readonly logDir: string;
  /** Signals the service's process (SIGKILL by default); it is restarted on the same port after the backoff. */
  kill(service: ServiceName, signal?: NodeJS.Signals): void;
  /** How often the service was restarted since startSurge. */
  restarts(service: ServiceName): number;
  /**
   * Resolves once the service (every service, if none is named) runs a process
   * that kill() was not sent to and that answers GET /health/ready with 200.
   */
  waitReady(service?: ServiceName, timeoutMs?: number): Promise<void>;
  /** Its running process; undefined between a crash and the restart. */
  pid(service: ServiceName): number | undefined;
  /** Stops the service gracefully and keeps it down (no restart) until startService. */
  stopService(service: ServiceName): Promise<void>;
  /** Starts a stopped service again on its port, supervised; resolves once it is ready. */
  startService(service: ServiceName, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_READY_TIMEOUT_MS = 90_000;
let started = 0;

/**
 * The five services as real processes (node dist/apps/<service>/src/main.js,
 * as `npm start` runs them), each supervised: a crashed or killed service comes
 * back on the same port, so fault tests can kill one and watch the saga recover.
 */
export async function startSurge(options: StartSurgeOptions = {}): Promise<RunningSurge> {
  const infra = options.infra ?? infraOfTheRun();
  checkOptions(options, infra);
  if (options.build ?? true) build();
  started += 1;
  const logDir = path.resolve(
    options.logDir ?? path.join(stackConfig('test').dataDir, 'logs', `surge-${process.pid}-${started}`),
  );
  mkdirSync(logDir, { recursive: true });
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const ports = await distinctFreePorts(SERVICES.length);
  const urls = Object.fromEntries(SERVICES.map((s, i) => [s, `http://127.0.0.1:${ports[i]}`])) as Record<
    ServiceName,
    string
  >;
  const logFile = (service: ServiceName) => path.join(logDir, `${service}.log`);

  const processes = new Map<ServiceName, SupervisedProcess>(
    SERVICES.map((service, i) => [
      service,
      new SupervisedProcess({
        name: service,
        command: process.execPath,
        args: ['--enable-source-maps', path.join(ROOT, 'dist', 'apps', service, 'src', 'main.js')],
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(ports[i]),
          HOST: '127.0.0.1',
          DATABASE_URL: infra.databaseUrls[service],
          KAFKA_BROKERS: infra.kafkaBrokers.join(','),
          SCHEMA_REGISTRY_URL: infra.registryUrl,
          LOG_LEVEL: 'info',
          ...options.env?.[service],
        },
        output: { logFile: logFile(service) },
        stopSignal: 'SIGTERM',
        stopTimeoutMs: 20_000,
        restart: options.restart,
        // Restarts are told in the service's own log, between the runs they separate.
        log: (line) => appendFileSync(logFile(service), `[supervisor] ${line}\n`),
      }),
    ]),
  );

  const supervised = (service: ServiceName): SupervisedProcess => {
    const found = processes.get(service);
    if (!found) throw new Error(`unknown service "${String(service)}"; Surge runs ${SERVICES.join(', ')}`);
    return found;
  };

  const ready = async (service: ServiceName, timeoutMs: number, firstStart: boolean): Promise<void> => {
    const supervisor = supervised(service);
    await waitFor(
      service,
      async () => {
        if (!supervisor.running) {
          const last = supervisor.lastExit ? `; it ${describeExit(supervisor.lastExit)}` : '';
          throw new Error(`${service} is being restarted${last}`);
        }
        const response = await fetch(`${urls[service]}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET /health/ready answered ${response.status}`);
        return true;
      },
      {
        timeoutMs,
        intervalMs: 250,
        abortWhen: () => {
          if (supervisor.stopped) return new Error(`${service} was stopped`);
          // A crash before the first ready answer is a bug to report, not a fault to ride out.
          if (firstStart && supervisor.lastExit)
            return new Error(
              `${service} ${describeExit(supervisor.lastExit)} before it was ready; see ${logFile(service)}`,
            );
          return undefined;
        },
        hint: `see ${logFile(service)}`,
      },
    );
  };

  const stop = async (): Promise<void> => {
    await Promise.all([...processes.values()].map((p) => p.stop()));
  };

  try {
    await Promise.all(SERVICES.map((service) => ready(service, readyTimeoutMs, true)));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    urls,
    logDir,
    stop,
    kill: (service, signal = 'SIGKILL') => supervised(service).kill(signal),
    restarts: (service) => supervised(service).restarts,
    pid: (service) => supervised(service).pid,
    stopService: async (service) => {
      await supervised(service).stop();
    },
    startService: async (service, timeoutMs = readyTimeoutMs) => {
      await supervised(service).start();
      await ready(service, timeoutMs, false);
    },
    waitReady: async (service, timeoutMs = readyTimeoutMs) => {
      const services = service === undefined ? SERVICES : [service];
      await Promise.all(services.map((s) => ready(s, timeoutMs, false)));
    },
  };
}

function infraOfTheRun(): SurgeInfra {
  return {
    kafkaBrokers: testInfra.kafkaBrokers(),
    registryUrl: testInfra.registryUrl(),
    databaseUrls: Object.fromEntries(SERVICES.map((s) => [s, testInfra.databaseUrl(s)])) as Record<ServiceName, string>,
  };
}

function checkOptions(options: StartSurgeOptions, infra: SurgeInfra): void {
  const unknown = Object.keys(options.env ?? {}).filter((name) => !(SERVICES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(
      `startSurge: env names unknown service(s) ${unknown.join(', ')}; Surge runs ${SERVICES.join(', ')}`,
    );
  const missing = SERVICES.filter((s) => !infra.databaseUrls[s]);
  if (missing.length > 0) throw new Error(`startSurge: infra.databaseUrls has no URL for ${missing.join(', ')}`);
  if (infra.kafkaBrokers.length === 0) throw new Error('startSurge: infra.kafkaBrokers is empty');
}

/** Picked once: a restarted service comes back on the port it had. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await findFreePort());
  return [...ports];
}

function build(): void {
  const swc = path.join(ROOT, 'node_modules', '.bin', 'swc');
  const result = spawnSync(
    swc,
    ['apps', 'libs', '-d', 'dist', '-q', '--ignore', '**/*.spec.ts', '--ignore', '**/*-spec.ts'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr || result.stdout}`);
}
