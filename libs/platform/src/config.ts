import { DEFAULT_HTTP_PORTS, type ServiceName } from '@surge/contracts';
import { z } from 'zod';

const commaList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1, 'at least one host:port'));

/** The variables every service reads; `.env.example` lists them with their defaults. */
export const serviceConfigSchema = z.object({
  // 0 picks a free port (tests).
  PORT: z.coerce.number().int().min(0).max(65_535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgresql:// URL' }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  KAFKA_BROKERS: commaList,
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  KAFKA_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(6),
  SCHEMA_REGISTRY_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  // OTLP/HTTP base URL of a trace collector (spans go to <url>/v1/traces); unset: spans are made, not exported.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional(),
});

export type ServiceConfig = z.infer<typeof serviceConfigSchema> & { readonly SERVICE_NAME: ServiceName };

export class ConfigError extends Error {}

/**
 * Reads and validates the environment once at start-up. A missing or
 * malformed variable stops the process with a message naming every one.
 */
export function loadConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = serviceConfigSchema.safeParse({ PORT: DEFAULT_HTTP_PORTS[service], ...withoutEmpty(env) });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration for ${service}: ${problems.join('; ')}`);
  }
  return { ...parsed.data, SERVICE_NAME: service };
}

function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}
