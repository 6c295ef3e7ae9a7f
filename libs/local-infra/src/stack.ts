import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StackError } from './errors';
import { type RunningKafka, findKafkaJava, startKafka } from './kafka';
import { apicurioHome } from './maven';
import { type Logger, consoleLogger, defaultCacheDir, displayPath, seconds } from './paths';
import { type RunningPostgres, startPostgres } from './postgres';
import { type PortClaim, assertPortsFree } from './preflight';
import { provisionDatabases } from './provision';
import {
  type RegistryStorage,
  type RunningRegistry,
  defaultManagementPort,
  findRegistryJava,
  startRegistry,
} from './registry';

export interface StackOptions {
  /** For messages only: 'dev', 'test', ... */
  profile?: string;
  /** Prefix of the variables that move the ports, for messages: SURGE_ (default) or SURGE_TEST_. */
  envPrefix?: string;
  /** Everything the stack keeps: kafka/, postgres/, registry/, logs/. */
  dataDir: string;
  cacheDir?: string;
  /** Wipe dataDir first (after the port checks pass). */
  fresh?: boolean;
  kafka: { port: number; controllerPort: number };
  registry: { port: number; managementPort?: number; storage?: 'postgres' | 'memory' };
  postgres: { port: number; externalUrl?: string; durable?: boolean };
  /** Services to provision a database and role for; their URLs end up in postgres.databaseUrls. */
  services?: readonly string[];
  /**
   * Runs as soon as the service databases exist, while Kafka and the registry
   * are still starting (e.g. migrations); startStack waits for it and fails with it.
   */
  onDatabasesReady?: (databaseUrls: Record<string, string>) => Promise<void>;
  log?: Logger;
}

export interface RunningStack {
  kafkaBrokers: string[];
  registryUrl: string;
  postgres: { adminUrl: string; databaseUrls: Record<string, string> };
  dataDir: string;
  logsDir: string;
  /**
   * Each piece on its own, for fault tests: stop, start again on the same data
   * and ports, restart. An external PostgreSQL (SURGE_POSTGRES_URL) refuses all three.
   */
  parts: { kafka: RunningKafka; registry: RunningRegistry; postgres: RunningPostgres };
  /** Registry and Kafka first, then PostgreSQL (the registry stores in it). */
  stop(): Promise<void>;
}

// Only folders carrying this marker (or empty ones) are ever wiped by `fresh`:
// a mistyped SURGE_DATA_DIR must not delete someone's files.
const MARKER = '.surge-stack';

function prepareDataDir(dataDir: string, fresh: boolean): void {
  if (fresh && existsSync(dataDir)) {
    const entries = readdirSync(dataDir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new StackError(
        `refusing to wipe ${dataDir}: it was not created by the stack (no ${MARKER} file); pick another data dir`,
      );
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, MARKER), 'Created by libs/local-infra; `--fresh` may delete this folder.\n');
}

export function portClaims(options: StackOptions): PortClaim[] {
  const p = options.envPrefix ?? 'SURGE_';
  const claims: PortClaim[] = [
    { port: options.kafka.port, what: 'Kafka', setting: `${p}KAFKA_PORT` },
    { port: options.kafka.controllerPort, what: 'Kafka controller', setting: `${p}KAFKA_CONTROLLER_PORT` },
    { port: options.registry.port, what: 'schema registry', setting: `${p}REGISTRY_PORT` },
    {
      port: options.registry.managementPort ?? defaultManagementPort(options.registry.port),
      what: 'schema registry management',
      setting: `${p}REGISTRY_MANAGEMENT_PORT`,
    },
  ];
  if (!options.postgres.externalUrl) {
    claims.push({
      port: options.postgres.port,
      what: 'PostgreSQL',
      setting: `${p}POSTGRES_PORT (or ${p}POSTGRES_URL)`,
    });
  }
  return claims;
}

/**
 * Kafka, the schema registry and PostgreSQL, started in parallel where they do
 * not depend on each other (the registry waits for its database). All ports are
 * checked before anything starts; if one part fails, the parts already up are stopped.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? consoleLogger;
  const started = Date.now();
  const dataDir = path.resolve(options.dataDir);
  const logsDir = path.join(dataDir, 'logs');
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const storage = options.registry.storage ?? 'postgres';

  await assertPortsFree(portClaims(options));
  // Both JVMs are found before anything starts, so a missing JDK starts nothing.
  await Promise.all([findKafkaJava(), findRegistryJava()]);
  prepareDataDir(dataDir, options.fresh ?? false);
  log(`starting the ${options.profile ?? ''} stack in ${displayPath(dataDir)}`.replace('  ', ' '));

  // Fetch the registry while PostgreSQL starts, so neither waits for the other.
  const registryApp = apicurioHome(cacheDir, log);
  registryApp.catch(() => undefined);

  const kafka = startKafka({
    dataDir: path.join(dataDir, 'kafka'),
    port: options.kafka.port,
    controllerPort: options.kafka.controllerPort,
    logFile: path.join(logsDir, 'kafka.log'),
    cacheDir,
    log,
  });

  const postgres = startPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: options.postgres.port,
    externalUrl: options.postgres.externalUrl,
    durable: options.postgres.durable,
    logFile: path.join(logsDir, 'postgres.log'),
    log,
  });

  const databases = postgres.then(async (pg) => {
    const wanted = [...(options.services ?? []), ...(storage === 'postgres' ? ['registry'] : [])];
    const { registry: registryUrl, ...serviceUrls } = await provisionDatabases(pg.adminUrl, wanted);
    return { registryUrl, serviceUrls };
  });

  const databasesReady = databases.then((d) => options.onDatabasesReady?.(d.serviceUrls));

  const registryStorage: Promise<RegistryStorage> =
    storage === 'postgres' ? databases.then((d) => ({ postgresUrl: d.registryUrl })) : Promise.resolve('memory');

  const registry = registryStorage.then(async (where) => {
    await registryApp;
    return startRegistry({
      port: options.registry.port,
      managementPort: options.registry.managementPort,
      dataDir: path.join(dataDir, 'registry'),
      storage: where,
      logFile: path.join(logsDir, 'registry.log'),
      cacheDir,
      log,
    });
  });

  const [k, p, d, r, hook] = await Promise.allSettled([kafka, postgres, databases, registry, databasesReady]);
  if (
    k.status === 'rejected' ||
    p.status === 'rejected' ||
    d.status === 'rejected' ||
    r.status === 'rejected' ||
    hook.status === 'rejected'
  ) {
    await stopParts(
      k.status === 'fulfilled' ? k.value : undefined,
      r.status === 'fulfilled' ? r.value : undefined,
      p.status === 'fulfilled' ? p.value : undefined,
    );
    const failure = [k, p, d, r, hook].find((s): s is PromiseRejectedResult => s.status === 'rejected');
    throw failure?.reason;
  }
  log(`stack ready (${seconds(Date.now() - started)})`);
  return {
    kafkaBrokers: k.value.brokers,
    registryUrl: r.value.url,
    postgres: { adminUrl: p.value.adminUrl, databaseUrls: d.value.serviceUrls },
    dataDir,
    logsDir,
    parts: { kafka: k.value, registry: r.value, postgres: p.value },
    stop: () => stopParts(k.value, r.value, p.value),
  };
}

async function stopParts(kafka?: RunningKafka, registry?: RunningRegistry, postgres?: RunningPostgres): Promise<void> {
  await Promise.all([kafka?.stop(), registry?.stop()]);
  // An external server is not ours to stop.
  if (postgres && !postgres.external) await postgres.stop();
}
