import { Injectable, type NestMiddleware, type OnApplicationShutdown } from '@nestjs/common';
import {
  context,
  defaultTextMapGetter,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVICE_NAME,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { NextFunction, Request, Response } from 'express';
import type { ServiceConfig } from './config';

/** Response header naming the request's trace, for finding it in the tracing backend. */
export const TRACE_ID_HEADER = 'x-trace-id';

let contextManagerInstalled = false;

/**
 * Spans live in AsyncLocalStorage, so the span of a request or of a consumed
 * event is the active one in everything that runs on its behalf. Once per
 * process: services started side by side in one process (tests) share it.
 */
function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

/** Forwards to processors added later, so that a test can collect a running service's spans. */
class ProcessorSet implements SpanProcessor {
  readonly processors: SpanProcessor[] = [];

  onStart(...args: Parameters<SpanProcessor['onStart']>): void {
    for (const processor of this.processors) processor.onStart(...args);
  }

  onEnd(span: ReadableSpan): void {
    for (const processor of this.processors) processor.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.shutdown()));
  }
}

/**
 * The service's OpenTelemetry tracer. Spans are always made (their ids
 * travel in Kafka headers and log lines); they are exported over OTLP/HTTP
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set. The provider is the service's own,
 * not the global one, so several services in one process keep their names.
 */
@Injectable()
export class Tracing implements OnApplicationShutdown {
  readonly tracer: Tracer;
  private readonly provider: BasicTracerProvider;
  private readonly processors = new ProcessorSet();

  constructor(config: Pick<ServiceConfig, 'SERVICE_NAME' | 'OTEL_EXPORTER_OTLP_ENDPOINT'>) {
    installContextManager();
    if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
      const url = `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
      this.processors.processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
    }
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.SERVICE_NAME }),
      spanProcessors: [this.processors],
    });
    this.tracer = this.provider.getTracer('@surge/platform');
  }

  /** Sends ended spans to another processor too (an in-memory exporter in tests). */
  addSpanProcessor(processor: SpanProcessor): void {
    this.processors.processors.push(processor);
  }

  /** Exports what is buffered, then stops: the last spans of a shutdown are not lost. */
  async onApplicationShutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

/** The trace and span ids of the active span, for log lines; empty outside any span. */
export function activeTraceIds(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

const propagator = new W3CTraceContextPropagator();

/** Paths whose requests are not traced: probes and scrapes would drown the traces that matter. */
const UNTRACED = /^\/(health|metrics)(\/|$)/;

/**
 * A server span per HTTP request, continuing the caller's trace when it sends
 * a `traceparent` header, active while the request is handled; its trace id is
 * answered in X-Trace-Id.
 */
@Injectable()
export class HttpTracingMiddleware implements NestMiddleware {
  constructor(private readonly tracing: Tracing) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (UNTRACED.test(req.path)) {
      next();
      return;
    }
    const parent = propagator.extract(context.active(), req.headers, defaultTextMapGetter);
    const span: Span = this.tracing.tracer.startSpan(
      `${req.method}`,
      {
        kind: SpanKind.SERVER,
        attributes: { [ATTR_HTTP_REQUEST_METHOD]: req.method, [ATTR_URL_PATH]: req.path },
      },
      parent,
    );
    res.setHeader(TRACE_ID_HEADER, span.spanContext().traceId);
    res.once('close', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      if (route) {
        span.setAttribute(ATTR_HTTP_ROUTE, `${req.baseUrl}${route}`);
        span.updateName(`${req.method} ${req.baseUrl}${route}`);
      }
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  }
}
