import { DEFAULT_HTTP_PORTS, SERVICES, type ServiceName } from '@surge/contracts';
import { z } from 'zod';

/** The variable naming each service's base URL: ORDERS_URL, ..., FRAUD_DETECTION_URL. */
export function urlVariable(service: ServiceName): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_URL`;
}

const baseUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s):// URL' })
  // Paths are appended to it: http://host:3001/ and http://host:3001 are the same service.
  .transform((url) => url.replace(/\/+$/, ''));

const serviceUrls = Object.fromEntries(
  SERVICES.map((service) => [urlVariable(service), baseUrl.default(`http://127.0.0.1:${DEFAULT_HTTP_PORTS[service]}`)]),
) as Record<string, z.ZodDefault<typeof baseUrl>>;

export const consoleConfigSchema = z.object({
  // 0 picks a free port (tests).
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** How often the live orders feed asks the orders service for its newest orders, in ms. */
  ORDERS_POLL_MS: z.coerce
    .number()
    .int()
    .min(100, 'at least 100 (milliseconds)')
    .max(60_000, 'at most 60000 (a minute)')
    .default(1_000),
  /** How long a call to a service may take before its view says it is unavailable, in ms. */
  UPSTREAM_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100, 'at least 100 (milliseconds)')
    .max(60_000, 'at most 60000 (a minute)')
    .default(5_000),
  ...serviceUrls,
});

export interface ConsoleConfig {
  readonly PORT: number;
  readonly HOST: string;
  readonly ORDERS_POLL_MS: number;
  readonly UPSTREAM_TIMEOUT_MS: number;
  /** Base URL of each service, without a trailing slash. */
  readonly serviceUrls: Readonly<Record<ServiceName, string>>;
}

export class ConfigError extends Error {}

/** Reads the environment once at start-up; a malformed variable stops the process, named. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const parsed = consoleConfigSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration for console: ${problems.join('; ')}`);
  }
  const values = parsed.data as Record<string, unknown>;
  return {
    PORT: parsed.data.PORT,
    HOST: parsed.data.HOST,
    ORDERS_POLL_MS: parsed.data.ORDERS_POLL_MS,
    UPSTREAM_TIMEOUT_MS: parsed.data.UPSTREAM_TIMEOUT_MS,
    serviceUrls: Object.fromEntries(
      SERVICES.map((service) => [service, values[urlVariable(service)] as string]),
    ) as Record<ServiceName, string>,
  };
}
