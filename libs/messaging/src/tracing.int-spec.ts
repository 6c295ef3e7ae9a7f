import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { DEFAULT_PARTITIONS, ORDER_PLACED_V1, type OrderPlacedV1 } from '@surge/contracts';
import { anOrderPlaced, eventually, testInfra, unique } from '@surge/testing';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { AvroCodec } from './avro-codec';
import { GroupConsumer } from './consuming/group-consumer';
import type { Delivered } from './types';
import { PoisonEventError } from './errors';
import { retryThenDeadLetter } from './consuming/failure-policy';
import { deadLetterTopic } from './headers';
import { EventPublisher } from './producing/publisher';
import { TRACEPARENT_HEADER, traceParentOf } from './tracing';
import { orderPlacedSubscription, quiet, sendOrderPlaced } from './consuming/order-placed.fixture-spec';

/**
 * The trace context crosses Kafka: the span that writes an event is the
 * parent of its send span, whose context travels in the `traceparent` header
 * and becomes the parent of each consumer's process span.
 */
describe('trace context through Kafka headers', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('tracing-it');
  let kafka: Kafka;
  let admin: Admin;
  let codec: AvroCodec;
  let publisher: EventPublisher;
  const consumers: GroupConsumer[] = [];

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    kafka = new Kafka({ clientId: 'tracing-it', brokers: testInfra.kafkaBrokers(), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    codec = AvroCodec.connect(testInfra.registryUrl());
    publisher = new EventPublisher(kafka, codec, 'tracing-it', undefined, tracer);
    await publisher.connect();
    // The catalogue's topic, as the services create it (no-op when one of them did already).
    await admin.createTopics({
      topics: [{ topic: ORDER_PLACED_V1, numPartitions: DEFAULT_PARTITIONS }],
      waitForLeaders: true,
    });
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await publisher.disconnect();
    await admin.disconnect();
    context.disable();
  });

  async function consume(
    topic: string,
    group: string,
    handle: (batch: Delivered<OrderPlacedV1>[]) => Promise<void>,
  ): Promise<void> {
    await admin.createTopics({ topics: [{ topic: deadLetterTopic(group), numPartitions: 1 }], waitForLeaders: true });
    const consumer = new GroupConsumer(
      kafka,
      codec,
      publisher,
      group,
      orderPlacedSubscription(topic, group, retryThenDeadLetter({ attempts: 1 }), handle),
      quiet,
      { tracer },
    );
    consumers.push(consumer);
    await consumer.start();
  }

  const spanOf = (name: string, eventId: string): ReadableSpan | undefined =>
    exporter
      .getFinishedSpans()
      .find((span) => span.name === name && span.attributes['messaging.message.id'] === eventId);

  it("makes the consumer's process span a child of the send span, and the send span a child of the writer's", async () => {
    const group = unique('it-traced');
    const event = anOrderPlaced();
    const delivered: Delivered<OrderPlacedV1>[] = [];
    await consume(ORDER_PLACED_V1, group, async (batch) => {
      delivered.push(...batch.filter((d) => d.event.orderId === event.orderId));
    });
    const writer = tracer.startSpan('place the order');
    const traceParent = traceParentOf(trace.setSpan(ROOT_CONTEXT, writer));

    await publisher.publish([{ topic: ORDER_PLACED_V1, event, traceParent }]);
    writer.end();

    await eventually(() => expect(delivered).toHaveLength(1), { timeoutMs: 30_000, description: 'the event handled' });
    const send = await eventually(() => spanOf(`send ${ORDER_PLACED_V1}`, event.eventId) ?? fail('no send span'));
    const processed = await eventually(
      () => spanOf(`process ${ORDER_PLACED_V1}`, event.eventId) ?? fail('no process span'),
    );
    const traceId = writer.spanContext().traceId;
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(send.spanContext().traceId).toBe(traceId);
    expect(send.parentSpanContext?.spanId).toBe(writer.spanContext().spanId);
    expect(delivered[0].headers[TRACEPARENT_HEADER]).toBe(`00-${traceId}-${send.spanContext().spanId}-01`);
    expect(processed.kind).toBe(SpanKind.CONSUMER);
    expect(processed.spanContext().traceId).toBe(traceId);
    expect(processed.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(processed.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.consumer.group.name': group,
      'messaging.destination.name': ORDER_PLACED_V1,
      'messaging.kafka.message.key': event.orderId,
    });
    expect(delivered[0].traceParent).toBe(`00-${traceId}-${processed.spanContext().spanId}-01`);
  });

  it('runs a single event under its process span, and marks the span failed when the handler fails', async () => {
    const topic = unique('it.traced');
    const group = unique('it-traced');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const event = anOrderPlaced();
    const activeInHandler: (string | undefined)[] = [];
    await consume(topic, group, async () => {
      activeInHandler.push(trace.getActiveSpan()?.spanContext().spanId);
      throw new PoisonEventError('this event can never succeed');
    });
    const writer = tracer.startSpan('write without the publisher');
    const traceParent = traceParentOf(trace.setSpan(ROOT_CONTEXT, writer)) ?? fail('no traceparent');
    writer.end();

    await publisher.sendRaw([
      {
        topic,
        messages: [
          {
            key: event.orderId,
            value: await codec.encode(ORDER_PLACED_V1, event),
            headers: { traceparent: traceParent },
          },
        ],
      },
    ]);

    const processed = await eventually(() => spanOf(`process ${ORDER_PLACED_V1}`, event.eventId) ?? fail('no span'), {
      timeoutMs: 30_000,
    });
    expect(processed.parentSpanContext?.spanId).toBe(writer.spanContext().spanId);
    expect(activeInHandler).toEqual([processed.spanContext().spanId]);
    expect(processed.status.code).toBe(SpanStatusCode.ERROR);
    expect(processed.status.message).toMatch(/can never succeed/);
    expect(processed.events.map((e) => e.name)).toContain('exception');
  });

  it('starts a trace of its own for a message that carries no trace context', async () => {
    const topic = unique('it.untraced');
    const group = unique('it-untraced');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const event = anOrderPlaced();
    await consume(topic, group, async () => undefined);

    await sendOrderPlaced(publisher, codec, topic, event);

    const processed = await eventually(() => spanOf(`process ${ORDER_PLACED_V1}`, event.eventId) ?? fail('no span'), {
      timeoutMs: 30_000,
    });
    expect(processed.parentSpanContext).toBeUndefined();
    expect(processed.status.code).toBe(SpanStatusCode.UNSET);
  });
});

function fail(why: string): never {
  throw new Error(why);
}
