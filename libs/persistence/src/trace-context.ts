import { context, defaultTextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const propagator = new W3CTraceContextPropagator();

/**
 * The W3C traceparent of the span active in this async context (an HTTP
 * request's, or a consumed event's), or undefined outside any span. An outbox
 * row keeps it, so the event it publishes continues that trace.
 */
export function activeTraceParent(): string | undefined {
  const carrier: { traceparent?: string } = {};
  propagator.inject(context.active(), carrier, defaultTextMapSetter);
  return carrier.traceparent;
}
