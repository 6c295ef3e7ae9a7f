import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run bench -- [options]

Drives a flash sale through the running stack (npm start) and reports what it
achieved against the machine's own ceilings.

  --orders <n>          orders to place (default 10000)
  --rate <n|max>        arrival rate in orders per second, an open model: orders
                        keep arriving on schedule whatever the latency; max sends
                        as fast as --concurrency allows (default max)
  --duration <s>        with a rate: place rate × duration orders instead of --orders
  --concurrency <n>     requests in flight at most with --rate max (default 64)
  --skus <n>            products in the sale (default 100)
  --stock <n>           units of each product (default 80)
  --settle-timeout <s>  how long to wait for every order to end (default 180)
  --no-ceilings         skip the Kafka and PostgreSQL ceiling measurements
  --json <file>         also write the report as JSON
  --help

The stack's addresses are those of npm start (SURGE_KAFKA_PORT,
SURGE_REGISTRY_PORT, SURGE_POSTGRES_PORT or SURGE_POSTGRES_URL move them), or
KAFKA_BROKERS, SCHEMA_REGISTRY_URL and <SERVICE>_URL (e.g. ORDERS_URL).`;

export class UsageError extends Error {}

export interface BenchOptions {
  readonly orders: number;
  /** Orders per second, or undefined for as fast as possible. */
  readonly rate: number | undefined;
  readonly concurrency: number;
  readonly skus: number;
  readonly stock: number;
  readonly settleTimeoutMs: number;
  readonly ceilings: boolean;
  readonly jsonFile: string | undefined;
  /** Messages the Kafka ceiling produces and consumes. */
  readonly ceilingMessages: number;
  /** Seconds the PostgreSQL ceiling commits for. */
  readonly ceilingSeconds: number;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  orders: 10_000,
  rate: undefined,
  concurrency: 64,
  skus: 100,
  stock: 80,
  settleTimeoutMs: 180_000,
  ceilings: true,
  jsonFile: undefined,
  ceilingMessages: 100_000,
  ceilingSeconds: 10,
};

/** The options of `argv` (without node and the script), or 'help'; throws UsageError naming the bad option. */
export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        orders: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        concurrency: { type: 'string' },
        skus: { type: 'string' },
        stock: { type: 'string' },
        'settle-timeout': { type: 'string' },
        'no-ceilings': { type: 'boolean' },
        json: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.help) return 'help';

  const rate = parsed.rate === undefined || parsed.rate === 'max' ? undefined : positive('--rate', parsed.rate);
  if (parsed.duration !== undefined && parsed.orders !== undefined)
    throw new UsageError('give --orders or --duration, not both');
  if (parsed.duration !== undefined && rate === undefined) throw new UsageError('--duration needs a --rate');
  const orders =
    parsed.duration !== undefined
      ? Math.round(rate! * positive('--duration', parsed.duration))
      : parsed.orders !== undefined
        ? whole('--orders', parsed.orders)
        : DEFAULT_OPTIONS.orders;

  return {
    orders,
    rate,
    concurrency:
      parsed.concurrency !== undefined ? whole('--concurrency', parsed.concurrency) : DEFAULT_OPTIONS.concurrency,
    skus: parsed.skus !== undefined ? whole('--skus', parsed.skus) : DEFAULT_OPTIONS.skus,
    stock: parsed.stock !== undefined ? whole('--stock', parsed.stock) : DEFAULT_OPTIONS.stock,
    settleTimeoutMs:
      parsed['settle-timeout'] !== undefined
        ? positive('--settle-timeout', parsed['settle-timeout']) * 1000
        : DEFAULT_OPTIONS.settleTimeoutMs,
    ceilings: !parsed['no-ceilings'],
    jsonFile: parsed.json,
    ceilingMessages: DEFAULT_OPTIONS.ceilingMessages,
    ceilingSeconds: DEFAULT_OPTIONS.ceilingSeconds,
  };
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function whole(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}
