import { Controller, Get, Header, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { MessagingMetrics, PartitionLag } from '@surge/messaging';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the scrape-time gauges read: set once the service's parts exist (see MetricsSources). */
export interface MetricsSources {
  consumerLag(): Promise<readonly PartitionLag[]>;
  outboxBacklog(): Promise<{ rows: number; oldestAgeSeconds: number }>;
}

/** A scrape never waits longer than this for the broker or the database; the gauge keeps its last value. */
const SCRAPE_READ_TIMEOUT_MS = 2_000;

export interface MetricsOptions {
  /** Every series gets `service="<name>"`, so one Prometheus query can span the five services. */
  readonly service?: string;
  readonly scrapeReadTimeoutMs?: number;
}

/** One registry per service process; libraries add their metrics to it. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly eventsConsumed: Counter<'topic' | 'group' | 'outcome'>;
  readonly eventsProduced: Counter<'topic'>;
  readonly handlerDuration: Histogram<'topic' | 'group'>;
  readonly retries: Counter<'topic' | 'group' | 'tier'>;
  readonly deadLetters: Counter<'topic' | 'group'>;
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  readonly outboxBacklog: Gauge;
  readonly outboxOldestAge: Gauge;
  /** What libs/messaging reports through. */
  readonly messaging: MessagingMetrics;
  private sources: MetricsSources | undefined;

  private readonly scrapeReadTimeoutMs: number;

  constructor({ service, scrapeReadTimeoutMs = SCRAPE_READ_TIMEOUT_MS }: MetricsOptions = {}) {
    this.scrapeReadTimeoutMs = scrapeReadTimeoutMs;
    if (service) this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, in seconds',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'surge_events_consumed_total',
      help: 'Events a consumer group finished with, by topic and outcome (handled or dead_lettered)',
      labelNames: ['topic', 'group', 'outcome'],
      registers: [this.registry],
    });
    this.eventsProduced = new Counter({
      name: 'surge_events_produced_total',
      help: 'Events published by the outbox relay, by topic',
      labelNames: ['topic'],
      registers: [this.registry],
    });
    this.handlerDuration = new Histogram({
      name: 'surge_event_handler_duration_seconds',
      help: 'Time one event handler call took for its batch, in seconds',
      labelNames: ['topic', 'group'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.retries = new Counter({
      name: 'surge_event_retries_total',
      help: "Events moved to one of a group's retry topics, by the topic they came from and the tier",
      labelNames: ['topic', 'group', 'tier'],
      registers: [this.registry],
    });
    this.deadLetters = new Counter({
      name: 'surge_dead_letters_total',
      help: "Events parked on a group's dead-letter topic, by the topic they came from",
      labelNames: ['topic', 'group'],
      registers: [this.registry],
    });
    const lag = this.readAtScrape(() => this.sources?.consumerLag());
    this.consumerLag = new Gauge({
      name: 'surge_consumer_lag',
      help: 'Messages a consumer group has not consumed yet, per partition of each topic it reads (read at scrape)',
      labelNames: ['group', 'topic', 'partition'],
      registers: [this.registry],
      async collect() {
        const rows = await lag();
        if (!rows) return;
        this.reset();
        for (const row of rows)
          this.set({ group: row.group, topic: row.topic, partition: String(row.partition) }, row.lag);
      },
    });
    [this.outboxBacklog, this.outboxOldestAge] = this.gaugesReadAtScrape(
      () => this.sources?.outboxBacklog(),
      [
        {
          name: 'surge_outbox_backlog',
          help: 'Outbox rows not yet published to Kafka (read at scrape)',
          value: (stats) => stats.rows,
        },
        {
          name: 'surge_outbox_oldest_age_seconds',
          help: 'How long the oldest unpublished outbox row has waited, in seconds; 0 when the outbox is empty (read at scrape)',
          value: (stats) => stats.oldestAgeSeconds,
        },
      ],
    );
    this.messaging = {
      eventsConsumed: (labels, count) => this.eventsConsumed.inc(labels, count),
      handlerSeconds: (labels, seconds) => this.handlerDuration.observe(labels, seconds),
      eventsProduced: (labels, count) => this.eventsProduced.inc(labels, count),
      retried: (labels) => this.retries.inc(labels),
      deadLettered: (labels) => this.deadLetters.inc(labels),
    };
  }

  /**
   * Starts every counter a service can move at 0 for the labels it will use,
   * so that a series exists before its first event and rate() and increase()
   * see that first event too.
   */
  startAtZero(
    consumed: readonly { topic: string; group: string; retryTiers: number }[],
    produced: readonly string[],
  ): void {
    for (const { topic, group, retryTiers } of consumed) {
      this.eventsConsumed.inc({ topic, group, outcome: 'handled' }, 0);
      this.eventsConsumed.inc({ topic, group, outcome: 'dead_lettered' }, 0);
      this.deadLetters.inc({ topic, group }, 0);
      for (let tier = 1; tier <= retryTiers; tier++) this.retries.inc({ topic, group, tier: String(tier) }, 0);
    }
    for (const topic of produced) this.eventsProduced.inc({ topic }, 0);
  }

  /** Where the scrape-time gauges read from; until then they are absent. */
  observe(sources: MetricsSources): void {
    this.sources = sources;
  }

  /**
   * Gauges set at scrape from one read of something outside the process (the
   * database, the broker): the read is shared by the gauges of one scrape and
   * bounded in time. A read that fails, takes too long or has nothing to read
   * yet leaves the gauges as they were, and the scrape still answers.
   */
  gaugesReadAtScrape<T>(
    read: () => Promise<T> | undefined,
    gauges: readonly { name: string; help: string; value: (reading: T) => number }[],
  ): Gauge[] {
    const reading = this.readAtScrape(read);
    return gauges.map(
      ({ name, help, value }) =>
        new Gauge({
          name,
          help,
          registers: [this.registry],
          async collect() {
            const result = await reading();
            if (result !== undefined) this.set(value(result));
          },
        }),
    );
  }

  /** One read at a time however many ask, undefined when it fails or outlasts the scrape timeout. */
  private readAtScrape<T>(read: () => Promise<T> | undefined): () => Promise<T | undefined> {
    let current: Promise<T | undefined> | undefined;
    return () => (current ??= this.withinTimeout(read).finally(() => (current = undefined)));
  }

  private async withinTimeout<T>(read: () => Promise<T> | undefined): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.scrapeReadTimeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve(read()).catch(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Counts and times every request by its route pattern (never the raw URL: ids would explode the label set). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const labels = { method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched' };
      stop(labels);
      this.metrics.httpRequests.inc({ ...labels, status: String(res.statusCode) });
    });
    next();
  }
}

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
