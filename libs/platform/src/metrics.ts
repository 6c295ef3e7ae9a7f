import { Controller, Get, Header, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { MessagingMetrics } from '@surge/messaging';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One registry per service process; libraries add their metrics to it. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly eventsConsumed: Counter<'topic' | 'group' | 'outcome'>;
  readonly eventsProduced: Counter<'topic'>;
  readonly handlerDuration: Histogram<'topic' | 'group'>;
  /** What libs/messaging reports through. */
  readonly messaging: MessagingMetrics;

  constructor() {
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
    this.messaging = {
      eventsConsumed: (labels, count) => this.eventsConsumed.inc(labels, count),
      handlerSeconds: (labels, seconds) => this.handlerDuration.observe(labels, seconds),
      eventsProduced: (labels, count) => this.eventsProduced.inc(labels, count),
    };
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
