import type { EventsByTopic, Topic } from '@surge/contracts';
import { ROOT_CONTEXT, trace, type Tracer } from '@opentelemetry/api';
import type { KafkaMessage } from 'kafkajs';
import type { AvroCodec } from '../avro-codec';
import { isRetriable } from '../errors';
import { readHeaders } from '../headers';
import type { MessagingMetrics } from '../metrics';
import { withoutFailureHeaders } from '../producing/topic-writes';
import { endSpans, startProcessSpan, traceParentOf, withSpan } from '../tracing';
import type { Delivered, Origin, Subscription } from '../types';

export type DeliveredWithRaw = Delivered<EventsByTopic[Topic]> & { readonly raw: KafkaMessage };

export interface Undecodable {
  readonly message: KafkaMessage;
  readonly error: unknown;
}

/** Turning a message into what a handler receives, and calling the handler: the same for a group and its tiers. */
export class Delivery {
  constructor(
    private readonly codec: AvroCodec,
    /** The group whose subscriptions these are: it names the inbox records, also for a tier. */
    private readonly sourceGroup: string,
    private readonly tracer: Tracer,
    private readonly metrics: MessagingMetrics,
  ) {}

  /**
   * The event with the coordinates of its origin; Undecodable when no retry
   * can help. A retriable failure (the registry unreachable) is thrown.
   */
  async decode(
    subscription: Subscription,
    message: KafkaMessage,
    origin: Origin,
  ): Promise<DeliveredWithRaw | Undecodable> {
    try {
      const event = await this.codec.decode(subscription.contract, message.value);
      return {
        event,
        topic: subscription.contract,
        partition: origin.partition,
        offset: origin.offset,
        key: message.key?.toString() ?? null,
        headers: withoutFailureHeaders(readHeaders(message.headers)),
        group: this.sourceGroup,
        raw: message,
      };
    } catch (error) {
      if (isRetriable(error)) throw error;
      return { message, error };
    }
  }

  /**
   * One call of the handler, each event in a process span of its own (a try:
   * a retried event shows each attempt). A single event's span is active
   * while the handler runs; in a batch, each event carries its span as
   * `traceParent` for what the handler writes about it.
   */
  async handle(subscription: Subscription, events: Delivered<EventsByTopic[Topic]>[]): Promise<void> {
    const started = process.hrtime.bigint();
    const spans = events.map((delivered) =>
      startProcessSpan(this.tracer, { ...delivered, group: this.sourceGroup, eventId: delivered.event.eventId }),
    );
    const traced = events.map((delivered, index) => ({
      ...delivered,
      traceParent: traceParentOf(trace.setSpan(ROOT_CONTEXT, spans[index])),
    }));
    try {
      await withSpan(spans.length === 1 ? spans[0] : undefined, () => subscription.handle(traced));
    } catch (error) {
      endSpans(spans, error);
      throw error;
    }
    endSpans(spans);
    const labels = { topic: subscription.contract, group: this.sourceGroup };
    this.metrics.handlerSeconds(labels, Number(process.hrtime.bigint() - started) / 1e9);
    this.metrics.eventsConsumed({ ...labels, outcome: 'handled' }, events.length);
  }
}

/** The event as the handler sees it, without the raw message. */
export function withoutRaw({ raw: _raw, ...delivered }: DeliveredWithRaw): Delivered<EventsByTopic[Topic]> {
  return delivered;
}
