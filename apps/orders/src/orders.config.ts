import { ConfigError } from '@surge/platform';
import { z } from 'zod';

/**
 * The orders service's own variables, on top of the platform's (the root
 * `.env.example` lists them under "orders only"). Other services never read them.
 */
export const ordersConfigSchema = z.object({
  /**
   * How long an order may stay PENDING before the saga rejects it as TIMEOUT, in ms. At least a second: a
   * value in seconds by mistake would otherwise reject every order at once.
   */
  SAGA_DEADLINE_MS: z.coerce
    .number()
    .int()
    .min(1_000, 'at least 1000 (milliseconds)')
    .max(86_400_000, 'at most 86400000 (one day)')
    .default(120_000),
  /** How often the deadline sweeper looks for overdue orders, in ms. */
  SAGA_DEADLINE_SWEEP_MS: z.coerce
    .number()
    .int()
    .min(10, 'at least 10 (milliseconds)')
    .max(600_000, 'at most 600000 (ten minutes)')
    .default(5_000),
  /** Overdue orders timed out per sweep transaction; a full batch is followed by another sweep at once. */
  SAGA_DEADLINE_BATCH: z.coerce.number().int().min(1).max(1_000).default(100),
});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;

/** Reads the variables once at start-up; a malformed one stops the process, named. */
export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ordersConfigSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration for orders: ${problems.join('; ')}`);
  }
  return parsed.data;
}
