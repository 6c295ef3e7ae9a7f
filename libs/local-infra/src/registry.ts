import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { StackError } from './errors';
import { startupCache } from './jvm-cache';
import { partControls } from './lifecycle';
import { APICURIO_VERSION, apicurioHome } from './maven';
import { type Logger, consoleLogger, defaultCacheDir, displayPath, seconds } from './paths';
import { assertPortsFree, findJava } from './preflight';
import { ManagedProcess, describeExit, logErrorLine } from './process';
import { waitFor } from './wait';

/** In memory (lost on stop: fine for throwaway tests) or in a PostgreSQL database. */
export type RegistryStorage = 'memory' | { postgresUrl: string };

export interface RegistryOptions {
  port: number;
  /** Quarkus' health/metrics port; defaults to port + 1000 (its own default, 9000, is too common). */
  managementPort?: number;
  /** Working directory for the registry's temporary files. */
  dataDir: string;
  storage: RegistryStorage;
  log?: Logger;
  /** Registry output; defaults to `<dataDir>/registry.log`. */
  logFile?: string;
  cacheDir?: string;
  readyTimeoutMs?: number;
}

export interface RunningRegistry {
  /** Base URL of the Confluent-compatible API, for @kafkajs/confluent-schema-registry. */
  url: string;
  logFile: string;
  /** SIGTERM, SIGKILL after a deadline; resolves once the JVM is gone. */
  stop(): Promise<void>;
  /** Starts the stopped registry again on the same storage and ports; resolves once it answers. */
  start(): Promise<void>;
  restart(): Promise<void>;
}

/** Apicurio 3.3 is compiled for Java 21 (class file 65). */
export const findRegistryJava = () => findJava(21, `the schema registry (Apicurio ${APICURIO_VERSION})`);

export const CCOMPAT_PATH = '/apis/ccompat/v7';

export function defaultManagementPort(port: number): number {
  return port + 1000;
}

export interface JdbcTarget {
  jdbcUrl: string;
  username: string;
  password: string;
}

/** `postgresql://user:pw@host:port/db` as the JDBC URL and credentials Quarkus wants. */
export function postgresToJdbc(postgresUrl: string): JdbcTarget {
  const url = new URL(postgresUrl);
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new StackError(`the registry's database URL must start with postgresql://, got ${url.protocol}//`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  return {
    jdbcUrl: `jdbc:postgresql://${url.hostname}:${url.port || '5432'}/${database}`,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

export interface RegistryLaunch {
  /** Passed as -D options, before -jar. */
  systemProperties: Record<string, string>;
  /** Secrets go through the environment (Quarkus maps APICURIO_X_Y to apicurio.x.y), not the command line. */
  env: Record<string, string>;
}

export function registryLaunch(input: {
  port: number;
  managementPort: number;
  workDir: string;
  storage: RegistryStorage;
}): RegistryLaunch {
  const systemProperties: Record<string, string> = {
    'quarkus.http.host': '127.0.0.1',
    'quarkus.http.port': String(input.port),
    'quarkus.management.host': '127.0.0.1',
    'quarkus.management.port': String(input.managementPort),
    'quarkus.http.access-log.enabled': 'false',
    // Without a global rule Apicurio answers NONE for existing subjects and checks nothing.
    'apicurio.rules.global.compatibility': 'BACKWARD',
    // Ids are content ids, as Confluent's are.
    'apicurio.ccompat.legacy-id-mode.enabled': 'false',
    'apicurio.storage.kind': 'sql',
    'apicurio.storage.snapshot.location': input.workDir,
    'apicurio.import.work-dir': input.workDir,
    'java.io.tmpdir': input.workDir,
  };
  const env: Record<string, string> = {};
  if (input.storage === 'memory') {
    systemProperties['apicurio.storage.sql.kind'] = 'h2';
  } else {
    const target = postgresToJdbc(input.storage.postgresUrl);
    systemProperties['apicurio.storage.sql.kind'] = 'postgresql';
    systemProperties['apicurio.datasource.url'] = target.jdbcUrl;
    systemProperties['apicurio.datasource.username'] = target.username;
    env.APICURIO_DATASOURCE_PASSWORD = target.password;
    // The default pool keeps 20 connections open; a dev registry needs a couple.
    systemProperties['apicurio.datasource.jdbc.initial-size'] = '2';
    systemProperties['apicurio.datasource.jdbc.min-size'] = '2';
    systemProperties['apicurio.datasource.jdbc.max-size'] = '10';
  }
  return { systemProperties, env };
}

// Small heap, serial GC and C1 only: the registry serves a few lookups (clients
// cache schema ids), so startup time and footprint matter more than peak speed.
const JVM_OPTIONS = ['-Xms64m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];

async function answers(url: string): Promise<true | undefined> {
  const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.status === 200 ? true : undefined;
}

export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const log = options.log ?? consoleLogger;
  const managementPort = options.managementPort ?? defaultManagementPort(options.port);
  const workDir = path.resolve(options.dataDir);
  const logFile = path.resolve(options.logFile ?? path.join(workDir, 'registry.log'));
  const url = `http://127.0.0.1:${options.port}${CCOMPAT_PATH}`;
  const ports = [
    { port: options.port, what: 'schema registry', setting: 'SURGE_REGISTRY_PORT' },
    { port: managementPort, what: 'schema registry management', setting: 'SURGE_REGISTRY_MANAGEMENT_PORT' },
  ];
  await assertPortsFree(ports);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const [javaInfo, home] = await Promise.all([findRegistryJava(), apicurioHome(cacheDir, log)]);
  mkdirSync(workDir, { recursive: true });
  const launchSpec = registryLaunch({ port: options.port, managementPort, workDir, storage: options.storage });
  const properties = Object.entries(launchSpec.systemProperties).map(([key, value]) => `-D${key}=${value}`);

  let registry: ManagedProcess | undefined;

  const launch = async (): Promise<void> => {
    const started = Date.now();
    const cds = startupCache(cacheDir, 'apicurio', javaInfo, `${JVM_OPTIONS.join(' ')}\n${home}`);
    const child = new ManagedProcess({
      name: 'registry',
      command: javaInfo.command,
      args: [...JVM_OPTIONS, ...cds.options, ...properties, '-jar', path.join(home, 'quarkus-run.jar')],
      cwd: workDir,
      env: { ...process.env, ...launchSpec.env },
      output: { logFile },
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 20_000,
    });
    registry = child;
    void child.exited.then((exit) => cds.settle(exit));
    try {
      await waitFor(`the schema registry (Apicurio ${APICURIO_VERSION})`, () => answers(url), {
        timeoutMs: options.readyTimeoutMs ?? 120_000,
        abortWhen: () =>
          child.exit &&
          new StackError(
            `the schema registry ${describeExit(child.exit)} while starting (${logErrorLine(logFile)}); see ${displayPath(logFile)}`,
          ),
        hint: `see ${displayPath(logFile)}`,
      });
    } catch (error: unknown) {
      await child.stop();
      throw error;
    }
    const where = options.storage === 'memory' ? 'in memory' : 'in PostgreSQL';
    log(`schema registry ready on ${url}, storing ${where} (${seconds(Date.now() - started)})`);
  };

  const stop = async (): Promise<void> => {
    await registry?.stop();
  };

  const controls = partControls({
    isRunning: () => registry !== undefined && !registry.exit,
    launch: async () => {
      await assertPortsFree(ports);
      await launch();
    },
    stop,
  });
  await launch();
  return { url, logFile, ...controls };
}
