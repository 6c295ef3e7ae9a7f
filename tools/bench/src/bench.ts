import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  DEFAULT_PARTITIONS,
  FRAUD_CHECK_COMPLETED_V1,
  INVENTORY_RESERVED_V1,
  ORDER_PLACED_V1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_REQUESTED_V1,
  SERVICES,
  ORDER_CONFIRMED_V1,
  type Topic,
} from '@surge/contracts';
import { AvroCodec } from '@surge/messaging';
import { databaseNameFor } from '@surge/local-infra';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { kafkaCeiling, type KafkaCeiling, postgresCeiling, type PostgresCeiling } from './ceilings';
import { OrderDriver, type SaleProduct, seedCatalogue, type SentOrder, type ServiceUrls } from './flash-sale';
import type { BenchOptions } from './options';
import { pidListeningOn, ProcessSampler, type ProcessUsage } from './processes';
import { LagSampler, SagaTracker, serviceGroups } from './saga-tracker';
import { type Distribution, distribution } from './stats';

/** Where the stack under test answers. */
export interface BenchTarget {
  readonly urls: ServiceUrls;
  readonly kafkaBrokers: readonly string[];
  readonly registryUrl: string;
  readonly postgresAdminUrl: string;
}

export interface BenchReport {
  readonly runId: string;
  readonly options: BenchOptions;
  readonly offered: { readonly orders: number; readonly ratePerSecond: number; readonly seconds: number };
  readonly answers: Readonly<Record<string, number>>;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly achieved: { readonly terminalOrders: number; readonly terminalPerSecond: number; readonly seconds: number };
  /** From the moment an order was due to its terminal event's publication. */
  readonly endToEndMs: Distribution;
  /** Confirmed orders: the time each step of the saga took. */
  readonly hopsMs: readonly { readonly hop: string; readonly ms: Distribution }[];
  readonly maxConsumerLag: Readonly<Record<string, number>>;
  readonly processes: readonly (ProcessUsage & { readonly cpuMsPerOrder: number })[];
  /**
   * CPU the stack spent per order (every process above), and the rate the
   * machine's cores could sustain at that cost: the bound when CPU is what
   * runs out. The benchmark's own CPU is reported apart.
   */
  readonly cpu: {
    readonly cores: number;
    readonly stackMsPerOrder: number;
    readonly benchSeconds: number;
    readonly cpuBoundOrdersPerSecond: number;
  };
  readonly kafkaMessagesPerOrder: number;
  /** Commits on the services' databases during the sale per order, idle polling (outbox relays) included. */
  readonly databaseCommitsPerOrder: number;
  /** Messages on the saga's topics that were not events (skipped). */
  readonly undecodableMessages: number;
  readonly correctness: {
    readonly oversoldUnits: number;
    readonly stockMismatches: readonly string[];
    readonly stuckOrders: readonly string[];
    readonly duplicatedEffects: readonly string[];
    readonly failedRequests: number;
  };
  readonly ceilings?: {
    readonly kafka: KafkaCeiling & { readonly ordersPerSecond: number };
    readonly postgres: PostgresCeiling & { readonly ordersPerSecond: number };
    /** Achieved terminal orders per second divided by each ceiling. */
    readonly achievedOverKafka: number;
    readonly achievedOverPostgres: number;
  };
  /** Why the ceilings could not be measured, when they could not. */
  readonly ceilingError?: string;
}

export interface Progress {
  readonly sent: number;
  readonly answered: number;
  readonly terminal: number;
  readonly total: number;
  readonly phase: 'seeding' | 'selling' | 'settling' | 'ceilings' | 'done';
}

const HOPS: readonly { hop: string; from: (t: Times) => number | undefined; to: (t: Times) => number | undefined }[] = [
  { hop: 'POST → order placed', from: (t) => t.due, to: (t) => t[ORDER_PLACED_V1] },
  { hop: 'order placed → stock reserved', from: (t) => t[ORDER_PLACED_V1], to: (t) => t[INVENTORY_RESERVED_V1] },
  { hop: 'order placed → fraud checked', from: (t) => t[ORDER_PLACED_V1], to: (t) => t[FRAUD_CHECK_COMPLETED_V1] },
  {
    hop: 'both checks → payment requested',
    from: (t) => Math.max(t[INVENTORY_RESERVED_V1] ?? NaN, t[FRAUD_CHECK_COMPLETED_V1] ?? NaN),
    to: (t) => t[PAYMENT_REQUESTED_V1],
  },
  { hop: 'payment requested → authorized', from: (t) => t[PAYMENT_REQUESTED_V1], to: (t) => t[PAYMENT_AUTHORIZED_V1] },
  { hop: 'authorized → order confirmed', from: (t) => t[PAYMENT_AUTHORIZED_V1], to: (t) => t[ORDER_CONFIRMED_V1] },
];

type Times = Partial<Record<Topic, number>> & { due: number };

async function assertReady(urls: ServiceUrls): Promise<void> {
  const problems: string[] = [];
  for (const service of SERVICES) {
    try {
      const response = await fetch(`${urls[service]}/health/ready`, { signal: AbortSignal.timeout(5_000) });
      if (response.status !== 200) problems.push(`${service} answered ${response.status}`);
    } catch (error) {
      problems.push(`${service} at ${urls[service]}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length > 0) throw new Error(`the stack is not ready (start it with npm start): ${problems.join('; ')}`);
}

/** Commits on the services' databases so far (PostgreSQL's cumulative statistics). */
async function databaseCommits(adminUrl: string): Promise<number> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ commits: string | null }>(
      'SELECT sum(xact_commit) AS commits FROM pg_stat_database WHERE datname = ANY($1)',
      [SERVICES.map((service) => databaseNameFor(service))],
    );
    return Number(rows[0].commits ?? 0);
  } finally {
    await admin.end();
  }
}

function port(address: string): number {
  return Number(new URL(address.includes('://') ? address : `tcp://${address}`).port);
}

/** The stack's processes, found by the ports they listen on (Linux only; none elsewhere). */
function stackProcesses(target: BenchTarget): Map<string, number> {
  const ports: [string, number][] = [
    ...SERVICES.map((service): [string, number] => [service, port(target.urls[service])]),
    ['kafka', port(target.kafkaBrokers[0])],
    ['schema registry', port(target.registryUrl)],
    ['postgresql', port(target.postgresAdminUrl)],
  ];
  const found = new Map<string, number>();
  for (const [name, listening] of ports) {
    const pid = pidListeningOn(listening);
    if (pid !== undefined) found.set(name, pid);
  }
  return found;
}

async function waitUntil(condition: () => boolean, timeoutMs: number, tick: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    tick();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const rounded = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A busy backend flushes its statistics at most every 10 s (PGSTAT_IDLE_INTERVAL): the wait for the last. */
const STATS_FLUSH_MS = 11_000;
/** How long the services may take, after the last order ended, to consume what is left (inventory's sales). */
const CATCH_UP_MS = 60_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runBench(
  options: BenchOptions,
  target: BenchTarget,
  onProgress: (progress: Progress) => void = () => undefined,
): Promise<BenchReport> {
  const runId = randomBytes(3).toString('hex');
  await assertReady(target.urls);
  const kafka = new Kafka({ clientId: 'surge-bench', brokers: [...target.kafkaBrokers], logLevel: logLevel.NOTHING });
  const codec = AvroCodec.connect(target.registryUrl);
  const total = options.orders;

  onProgress({ sent: 0, answered: 0, terminal: 0, total, phase: 'seeding' });
  const products = await seedCatalogue(target.urls, runId, options.skus, options.stock);
  const tracker = new SagaTracker(kafka, codec, runId);
  const lag = new LagSampler(kafka);
  let report: BenchReport;
  let answered = 0;
  const accepted = new Map<string, SentOrder>();
  const terminalCount = () => {
    let count = 0;
    for (const orderId of accepted.keys()) if (tracker.orders.get(orderId)?.terminal) count++;
    return count;
  };
  try {
    await tracker.start();
    await lag.start();
    const sampler = new ProcessSampler(stackProcesses(target));
    // The seeding's commits reach the statistics before the count starts.
    await pause(STATS_FLUSH_MS);
    const commitsBefore = await databaseCommits(target.postgresAdminUrl);
    sampler.start();
    const benchCpuBefore = process.cpuUsage();

    const driver = new OrderDriver(target.urls, products, runId, (order) => {
      answered++;
      if (order.orderId) accepted.set(order.orderId, order);
    });
    const progress = (phase: Progress['phase']) => () =>
      onProgress({ sent: driver.sent.length, answered, terminal: terminalCount(), total, phase });
    const ticker = setInterval(progress('selling'), 500);
    try {
      await driver.run(options.orders, options.rate, options.concurrency);
    } finally {
      clearInterval(ticker);
    }
    await waitUntil(() => terminalCount() === accepted.size, options.settleTimeoutMs, progress('settling'));
    // What follows a terminal event (inventory turning reservations into sales,
    // notifications) is part of the sale's work and of its stock check.
    await lag.waitForCaughtUp(CATCH_UP_MS);
    const usage = sampler.stop();
    const benchCpu = process.cpuUsage(benchCpuBefore);
    await pause(STATS_FLUSH_MS);
    const commits = (await databaseCommits(target.postgresAdminUrl)) - commitsBefore;

    report = await summarize({
      options,
      runId,
      target,
      products,
      sent: driver.sent,
      accepted,
      tracker,
      lag,
      processes: usage,
      commits,
      benchSeconds: (benchCpu.user + benchCpu.system) / 1e6,
    });
  } finally {
    await lag.stop().catch(() => undefined);
    await tracker.stop().catch(() => undefined);
  }
  if (!options.ceilings) {
    onProgress({ sent: total, answered, terminal: terminalCount(), total, phase: 'done' });
    return report;
  }
  onProgress({ sent: total, answered, terminal: terminalCount(), total, phase: 'ceilings' });
  try {
    const kafkaLimit = await kafkaCeiling(kafka, {
      runId,
      messages: options.ceilingMessages,
      valueBytes: Math.max(1, Math.round(tracker.valueBytes / Math.max(1, tracker.messages))),
      partitions: DEFAULT_PARTITIONS,
    });
    const postgresLimit = await postgresCeiling(target.postgresAdminUrl, {
      runId,
      clients: 10,
      seconds: options.ceilingSeconds,
    });
    const kafkaOrders = kafkaLimit.messagesPerSecond / Math.max(1, report.kafkaMessagesPerOrder);
    const postgresOrders = postgresLimit.commitsPerSecond / Math.max(1, report.databaseCommitsPerOrder);
    return {
      ...report,
      ceilings: {
        kafka: {
          ...kafkaLimit,
          messagesPerSecond: rounded(kafkaLimit.messagesPerSecond),
          ordersPerSecond: rounded(kafkaOrders),
        },
        postgres: {
          ...postgresLimit,
          commitsPerSecond: rounded(postgresLimit.commitsPerSecond),
          ordersPerSecond: rounded(postgresOrders),
        },
        achievedOverKafka: rounded(report.achieved.terminalPerSecond / kafkaOrders, 3),
        achievedOverPostgres: rounded(report.achieved.terminalPerSecond / postgresOrders, 3),
      },
    };
  } catch (error) {
    // The sale's figures stand on their own; say why the ceilings are missing.
    return { ...report, ceilingError: error instanceof Error ? error.message : String(error) };
  } finally {
    onProgress({ sent: total, answered, terminal: terminalCount(), total, phase: 'done' });
  }
}

/** What a finished sale left to count. */
interface SaleRecord {
  readonly options: BenchOptions;
  readonly runId: string;
  readonly target: BenchTarget;
  readonly products: readonly SaleProduct[];
  readonly sent: readonly SentOrder[];
  readonly accepted: ReadonlyMap<string, SentOrder>;
  readonly tracker: SagaTracker;
  readonly lag: LagSampler;
  readonly processes: readonly ProcessUsage[];
  readonly commits: number;
  readonly benchSeconds: number;
}

async function summarize(sale: SaleRecord): Promise<BenchReport> {
  const { options, runId, target, products, sent, accepted, tracker, lag, processes, commits, benchSeconds } = sale;
  const answers: Record<string, number> = {};
  for (const order of sent) {
    const key = order.status === undefined ? 'no answer' : String(order.status);
    answers[key] = (answers[key] ?? 0) + 1;
  }
  const outcomes: Record<string, number> = {};
  const endToEnd: number[] = [];
  const hops = HOPS.map(() => [] as number[]);
  const confirmedUnits = new Map<string, number>();
  const stuck: string[] = [];
  let lastTerminal = 0;
  for (const [orderId, order] of accepted) {
    const events = tracker.orders.get(orderId);
    const terminal = events?.terminal;
    if (!terminal) {
      stuck.push(orderId);
      continue;
    }
    const outcome = terminal.reason ? `${terminal.status} ${terminal.reason}` : terminal.status;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    endToEnd.push(terminal.at - order.dueAt);
    lastTerminal = Math.max(lastTerminal, terminal.at);
    if (terminal.status !== 'CONFIRMED') continue;
    for (const line of order.lines) confirmedUnits.set(line.sku, (confirmedUnits.get(line.sku) ?? 0) + line.quantity);
    const times: Times = { due: order.dueAt };
    for (const [topic, { firstAt }] of events.byTopic) times[topic] = firstAt;
    HOPS.forEach(({ from, to }, i) => {
      const start = from(times);
      const end = to(times);
      if (start !== undefined && end !== undefined && Number.isFinite(start) && Number.isFinite(end))
        hops[i].push(end - start);
    });
  }

  let oversold = 0;
  const stockMismatches: string[] = [];
  for (const { sku, stock } of products) {
    const response = await fetch(`${target.urls.inventory}/products/${sku}`, { signal: AbortSignal.timeout(10_000) });
    const product = (await response.json()) as { available: number; reserved: number; sold: number };
    oversold += Math.max(0, product.sold - stock, (confirmedUnits.get(sku) ?? 0) - stock, -product.available);
    if (product.available + product.reserved + product.sold !== stock)
      stockMismatches.push(
        `${sku}: available + reserved + sold = ${product.available + product.reserved + product.sold} ≠ ${stock}`,
      );
    if (product.sold !== (confirmedUnits.get(sku) ?? 0) && stuck.length === 0)
      stockMismatches.push(`${sku}: sold ${product.sold} ≠ ${confirmedUnits.get(sku) ?? 0} in confirmed orders`);
  }

  const stackCpuSeconds = processes.reduce((sum, usage) => sum + usage.cpuSeconds, 0);
  const firstDue = sent.length > 0 ? sent[0].dueAt : 0;
  const lastDue = sent.length > 0 ? Math.max(...sent.map((order) => order.dueAt)) : 0;
  const terminalOrders = accepted.size - stuck.length;
  const sellingSeconds = Math.max(0.001, (lastTerminal - firstDue) / 1000);
  return {
    runId,
    options,
    offered: {
      orders: sent.length,
      ratePerSecond: rounded(sent.length / Math.max(0.001, (lastDue - firstDue) / 1000)),
      seconds: rounded((lastDue - firstDue) / 1000, 2),
    },
    answers,
    outcomes,
    achieved: {
      terminalOrders,
      terminalPerSecond: rounded(terminalOrders / sellingSeconds),
      seconds: rounded(sellingSeconds, 2),
    },
    endToEndMs: distribution(endToEnd),
    hopsMs: HOPS.map(({ hop }, i) => ({ hop, ms: distribution(hops[i]) })),
    maxConsumerLag: Object.fromEntries([...serviceGroups().keys()].map((group) => [group, lag.maxLag.get(group) ?? 0])),
    processes: processes.map((usage) => ({
      ...usage,
      cpuSeconds: rounded(usage.cpuSeconds, 2),
      peakRssMiB: rounded(usage.peakRssMiB),
      cpuMsPerOrder: rounded((usage.cpuSeconds * 1000) / Math.max(1, accepted.size), 2),
    })),
    cpu: {
      cores: availableParallelism(),
      stackMsPerOrder: rounded((stackCpuSeconds * 1000) / Math.max(1, accepted.size), 2),
      benchSeconds: rounded(benchSeconds, 2),
      cpuBoundOrdersPerSecond: rounded(
        stackCpuSeconds > 0 ? (availableParallelism() * Math.max(1, accepted.size)) / stackCpuSeconds : 0,
      ),
    },
    kafkaMessagesPerOrder: rounded(tracker.messages / Math.max(1, accepted.size), 2),
    undecodableMessages: tracker.undecodable,
    databaseCommitsPerOrder: rounded(commits / Math.max(1, accepted.size), 2),
    correctness: {
      oversoldUnits: oversold,
      stockMismatches,
      stuckOrders: stuck,
      duplicatedEffects: tracker.duplicatedEffects(accepted.keys()),
      failedRequests: sent.filter((order) => !order.orderId).length,
    },
  };
}
