import type { Topic } from '@surge/contracts';
import { type Kafka, type Message, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import { ROOT_CONTEXT, type Span, trace, type Tracer } from '@opentelemetry/api';
import type { AvroCodec } from '../avro-codec';
import { envelopeHeaders, type OutgoingEvent } from './envelope';
import { type MessagingMetrics, NO_MESSAGING_METRICS } from '../metrics';
import { defaultTracer, endSpans, startSendSpan, TRACEPARENT_HEADER, traceParentOf } from '../tracing';

/**
 * Publishes Avro events. The producer is idempotent with acks=all, so a
 * retried send neither duplicates nor reorders messages within a partition;
 * services call it only from their outbox relay.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly producerName: string,
    private readonly metrics: MessagingMetrics = NO_MESSAGING_METRICS,
    private readonly tracer: Tracer = defaultTracer(),
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2: other clients put the same key on the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded on purpose: a send that never gives up would pin the outbox
      // relay's transaction while the broker is down. The outbox retries the
      // whole batch instead, and consumers' inboxes absorb the duplicates.
      retry: { retries: 8, maxRetryTime: 5_000 },
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connected = false;
    });
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    this.connected = false;
  }

  /**
   * Sends the events in one batch request per call; order is kept per topic
   * and key. Each message gets a send span, child of the event's traceParent,
   * whose context travels in the message's `traceparent` header.
   */
  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<Topic, Message[]>();
    const spans: Span[] = [];
    try {
      for (const { topic, event, traceParent } of events) {
        const value = await this.codec.encode(topic, event);
        const span = startSendSpan(this.tracer, { topic, eventId: event.eventId, key: event.orderId, traceParent });
        spans.push(span);
        const headers = envelopeHeaders(topic, event, this.producerName);
        const sent = traceParentOf(trace.setSpan(ROOT_CONTEXT, span));
        if (sent) headers[TRACEPARENT_HEADER] = sent;
        const messages = byTopic.get(topic) ?? [];
        messages.push({ key: event.orderId, value, headers });
        byTopic.set(topic, messages);
      }
      await this.sendRaw([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    } catch (error) {
      endSpans(spans, error);
      throw error;
    }
    endSpans(spans);
    for (const [topic, messages] of byTopic) this.metrics.eventsProduced({ topic }, messages.length);
  }

  /** Sends already-encoded messages (dead letters, replays). */
  async sendRaw(topicMessages: TopicMessages[]): Promise<void> {
    if (!this.connected) await this.connect();
    await this.producer.sendBatch({ topicMessages, acks: -1 });
  }
}
