import {
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { describeError } from './errors';

// The messaging semantic conventions are still "incubating": OpenTelemetry asks users to copy the names they use
// rather than import the unstable entry point (semantic-conventions 1.40, messaging spans and Kafka attributes).
const ATTR_MESSAGING_SYSTEM = 'messaging.system';
const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
const ATTR_MESSAGING_DESTINATION_PARTITION_ID = 'messaging.destination.partition.id';
const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
const ATTR_MESSAGING_KAFKA_MESSAGE_KEY = 'messaging.kafka.message.key';
const ATTR_MESSAGING_KAFKA_OFFSET = 'messaging.kafka.offset';

/** The Kafka header carrying the W3C trace context of the span that published the message. */
export const TRACEPARENT_HEADER = 'traceparent';

const propagator = new W3CTraceContextPropagator();

/** Used when the service gives none: the global tracer, a no-op unless a provider was registered globally. */
export function defaultTracer(): Tracer {
  return trace.getTracer('@surge/messaging');
}

/** A context whose parent is the span a traceparent names; the root context when there is none or it is malformed. */
export function contextOf(traceParent: string | undefined): Context {
  if (!traceParent) return ROOT_CONTEXT;
  return propagator.extract(ROOT_CONTEXT, { [TRACEPARENT_HEADER]: traceParent }, defaultTextMapGetter);
}

/** The traceparent of the context's span, or undefined when it has none. */
export function traceParentOf(ctx: Context): string | undefined {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier[TRACEPARENT_HEADER];
}

/** Starts the span of publishing one event, as a child of the unit of work that wrote it. */
export function startSendSpan(
  tracer: Tracer,
  message: { topic: string; eventId: string; key: string; traceParent?: string },
): Span {
  return tracer.startSpan(
    `send ${message.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [ATTR_MESSAGING_SYSTEM]: 'kafka',
        [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
        [ATTR_MESSAGING_DESTINATION_NAME]: message.topic,
        [ATTR_MESSAGING_MESSAGE_ID]: message.eventId,
        [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: message.key,
      },
    },
    contextOf(message.traceParent),
  );
}

/** Starts the span of handling one consumed event, as a child of the span that published it. */
export function startProcessSpan(
  tracer: Tracer,
  delivery: {
    topic: string;
    group: string;
    partition: number;
    offset: string;
    key: string | null;
    eventId: string;
    headers: Readonly<Record<string, string>>;
  },
): Span {
  return tracer.startSpan(
    `process ${delivery.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        [ATTR_MESSAGING_SYSTEM]: 'kafka',
        [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
        [ATTR_MESSAGING_DESTINATION_NAME]: delivery.topic,
        [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: delivery.group,
        [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(delivery.partition),
        [ATTR_MESSAGING_KAFKA_OFFSET]: Number(delivery.offset),
        [ATTR_MESSAGING_MESSAGE_ID]: delivery.eventId,
        ...(delivery.key === null ? {} : { [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: delivery.key }),
      },
    },
    contextOf(delivery.headers[TRACEPARENT_HEADER]),
  );
}

/** Ends the spans, marking them failed with the error when there is one. */
export function endSpans(spans: readonly Span[], error?: unknown): void {
  for (const span of spans) {
    if (error !== undefined) {
      span.recordException(error instanceof Error ? error : describeError(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error).slice(0, 300) });
    }
    span.end();
  }
}

/** Runs `work` with the span active, so that what it logs and writes carries the span's trace. */
export function withSpan<R>(span: Span | undefined, work: () => R): R {
  return span ? context.with(trace.setSpan(context.active(), span), work) : work();
}
