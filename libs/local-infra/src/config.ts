import path from 'node:path';
import { StackError } from './errors';
import { defaultCacheDir, repoRoot } from './paths';
import type { StackOptions } from './stack';

/** The five services, in the order they are started and listed, and their HTTP ports. */
export { DEFAULT_HTTP_PORTS as SERVICE_PORTS, SERVICES, type ServiceName } from '@surge/contracts';

export type Profile = 'dev' | 'test';

interface ProfileDefaults {
  /** Prefix of the variables that override this profile (SURGE_ for npm start, SURGE_TEST_ for tests). */
  envPrefix: string;
  kafkaPort: number;
  registryPort: number;
  postgresPort: number;
  /** Test data is thrown away, so the test cluster skips fsync. */
  durable: boolean;
}

// Test ports differ from dev ports so `npm test` can run while `npm start` is up.
// 5432 is left alone: machines here run their own PostgreSQL there.
const PROFILES: Readonly<Record<Profile, ProfileDefaults>> = {
  dev: { envPrefix: 'SURGE_', kafkaPort: 9092, registryPort: 8081, postgresPort: 5433, durable: true },
  test: { envPrefix: 'SURGE_TEST_', kafkaPort: 19092, registryPort: 18081, postgresPort: 15433, durable: false },
};

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new StackError(`${name} must be a port number (1-65535), got "${raw}"`);
  return port;
}

/**
 * Stack settings for a profile: its defaults, overridden by environment
 * variables named with the profile's prefix (SURGE_KAFKA_PORT for dev,
 * SURGE_TEST_KAFKA_PORT for tests, ...).
 */
export function stackConfig(
  profile: Profile,
  env: NodeJS.ProcessEnv = process.env,
  root: string = repoRoot(),
): StackOptions {
  const d = PROFILES[profile];
  const p = d.envPrefix;
  const kafkaPort = portFrom(env, `${p}KAFKA_PORT`, d.kafkaPort);
  const registryPort = portFrom(env, `${p}REGISTRY_PORT`, d.registryPort);
  const storage = env[`${p}REGISTRY_STORAGE`] ?? 'postgres';
  if (storage !== 'postgres' && storage !== 'memory')
    throw new StackError(`${p}REGISTRY_STORAGE must be "postgres" or "memory", got "${storage}"`);
  const dataDir = env[`${p}DATA_DIR`];
  return {
    profile,
    envPrefix: p,
    dataDir: path.resolve(root, dataDir || path.join('.surge', profile)),
    cacheDir: defaultCacheDir(env),
    kafka: { port: kafkaPort, controllerPort: portFrom(env, `${p}KAFKA_CONTROLLER_PORT`, kafkaPort + 1) },
    registry: {
      port: registryPort,
      managementPort: portFrom(env, `${p}REGISTRY_MANAGEMENT_PORT`, registryPort + 1000),
      storage,
    },
    postgres: {
      port: portFrom(env, `${p}POSTGRES_PORT`, d.postgresPort),
      externalUrl: env[`${p}POSTGRES_URL`] || undefined,
      durable: d.durable,
    },
  };
}
