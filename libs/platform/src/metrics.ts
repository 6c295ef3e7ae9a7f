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

  /** Every series carries `service`, so one Prometheus query can span the five services. */
  constructor(service?: string) {
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
    // collect() runs with the gauge as `this`: the sources are read through this arrow.
    const read = <T>(ask: (sources: MetricsSources) => Promise<T>) => this.read(ask);
    this.consumerLag = new Gauge({
      name: 'surge_consumer_lag',
      help: 'Messages a consumer group has not consumed yet, per partition of each topic it reads (read at scrape)',
      labelNames: ['group', 'topic', 'partition'],
      registers: [this.registry],
      async collect() {
        const lag = await read((sources) => sources.consumerLag());
        if (!lag) return;
        this.reset();
        for (const row of lag)
          this.set({ group: row.group, topic: row.topic, partition: String(row.partition) }, row.lag);
      },
    });
    let backlog: Promise<{ rows: number; oldestAgeSeconds: number } | undefined> | undefined;
    // One query answers both outbox gauges of a scrape.
    const outbox = () => (backlog ??= read((sources) => sources.outboxBacklog()).finally(() => (backlog = undefined)));
    this.outboxBacklog = new Gauge({
      name: 'surge_outbox_backlog',
      help: 'Outbox rows not yet published to Kafka (read at scrape)',
      registers: [this.registry],
      async collect() {
        const stats = await outbox();
        if (stats) this.set(stats.rows);
      },
    });
    this.outboxOldestAge = new Gauge({
      name: 'surge_outbox_oldest_age_seconds',
      help: 'How long the oldest unpublished outbox row has waited, in seconds; 0 when the outbox is empty (read at scrape)',
      registers: [this.registry],
      async collect() {
        const stats = await outbox();
        if (stats) this.set(stats.oldestAgeSeconds);
      },
    });
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

  /** Undefined when there is no source yet, or it failed or took too long: a scrape still answers. */
  private async read<T>(ask: (sources: MetricsSources) => Promise<T>): Promise<T | undefined> {
    const sources = this.sources;
    if (!sources) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), SCRAPE_READ_TIMEOUT_MS);
    });
    try {
      return await Promise.race([ask(sources).catch(() => undefined), timeout]);
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
