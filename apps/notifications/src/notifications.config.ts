import { ConfigError } from '@surge/platform';
import { z } from 'zod';

const milliseconds = (fallback: number, max = 3_600_000) => z.coerce.number().int().min(1).max(max).default(fallback);

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1');

/**
 * The notifications service's own variables, on top of the platform's
 * (`.env.example` in this folder lists them). Channels: `log` always;
 * `webhook` when NOTIFICATIONS_WEBHOOK_URL is set; `smtp` when SMTP_HOST is.
 */
export const notificationsConfigSchema = z
  .object({
    NOTIFICATIONS_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional(),
    NOTIFICATIONS_WEBHOOK_TIMEOUT_MS: milliseconds(5_000, 60_000),
    /** Delivery rounds per notification before it is FAILED, the first one included. */
    NOTIFICATIONS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    /** Backoff before the first retry; doubled for each further one, up to the maximum. */
    NOTIFICATIONS_RETRY_INITIAL_MS: milliseconds(1_000),
    NOTIFICATIONS_RETRY_MAX_MS: milliseconds(300_000, 86_400_000),
    /** How often the dispatcher looks for due notifications when nothing wakes it. */
    NOTIFICATIONS_POLL_INTERVAL_MS: milliseconds(1_000, 60_000),
    /** Notifications claimed per dispatcher round. */
    NOTIFICATIONS_DISPATCH_BATCH: z.coerce.number().int().min(1).max(500).default(50),
    /** How long a claimed round may take before another dispatcher may take the notification again. */
    NOTIFICATIONS_LEASE_MS: milliseconds(60_000),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
    SMTP_SECURE: booleanFlag.default(false),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASSWORD: z.string().min(1).optional(),
    SMTP_FROM: z.string().min(3).optional(),
    /** Address of a customer's mail; `{customerId}` is replaced by the customer id. */
    SMTP_CUSTOMER_ADDRESS: z.string().includes('{customerId}', { error: 'must contain {customerId}' }).optional(),
    SMTP_OPERATIONS_ADDRESS: z.email().optional(),
  })
  .superRefine((config, ctx) => {
    if (config.NOTIFICATIONS_RETRY_MAX_MS < config.NOTIFICATIONS_RETRY_INITIAL_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFICATIONS_RETRY_MAX_MS'],
        message: 'must be at least NOTIFICATIONS_RETRY_INITIAL_MS',
      });
    }
    if (config.SMTP_HOST === undefined) return;
    for (const name of ['SMTP_FROM', 'SMTP_CUSTOMER_ADDRESS', 'SMTP_OPERATIONS_ADDRESS'] as const) {
      if (config[name] === undefined)
        ctx.addIssue({ code: 'custom', path: [name], message: 'required with SMTP_HOST' });
    }
    if ((config.SMTP_USER === undefined) !== (config.SMTP_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_PASSWORD'], message: 'SMTP_USER and SMTP_PASSWORD go together' });
    }
  });

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

/** Reads the variables once at start-up; a malformed one stops the process, named. */
export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = notificationsConfigSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration for notifications: ${problems.join('; ')}`);
  }
  return parsed.data;
}
