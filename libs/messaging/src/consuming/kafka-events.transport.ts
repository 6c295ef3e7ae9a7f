import { Logger } from '@nestjs/common';
import { BaseRpcContext, type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { Topic } from '@surge/contracts';
import { lastValueFrom } from 'rxjs';
import type { Kafka } from 'kafkajs';
import type { Tracer } from '@opentelemetry/api';
import type { AvroCodec } from '../avro-codec';
import { retryTopic } from '../headers';
import type { MessagingMetrics } from '../metrics';
import type { EventPublisher } from '../producing/publisher';
import type { ConsumerLogger, InfrastructureFailureCheck, Subscription } from '../types';
import { withEventContext } from './event-context';
import { GroupConsumer } from './group-consumer';
import type { OnEventExtras } from './on-event.decorator';
import { retryTiersByGroup } from './retry-tiers';

/** Handler context: which group and topic the batch came from. */
export class KafkaBatchContext extends BaseRpcContext<[group: string, topic: Topic, partition: number]> {}

export interface KafkaEventsTransportOptions {
  readonly defaultGroup: string;
  readonly partitionsConsumedConcurrently?: number;
  readonly metrics?: MessagingMetrics;
  readonly tracer?: Tracer;
  /** See GroupConsumerOptions.isInfrastructureFailure. */
  readonly isInfrastructureFailure?: InfrastructureFailureCheck;
}

/**
 * Nest transport strategy over kafkajs: every `@OnEvent` handler becomes a
 * subscription of its group's consumer, started with the app and stopped
 * (after the batch in flight) when the app closes.
 */
export class KafkaEventsTransport extends Server implements CustomTransportStrategy {
  private consumers: GroupConsumer[] = [];
  private readonly log = new Logger('KafkaEventsTransport');

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly publisher: EventPublisher,
    private readonly options: KafkaEventsTransportOptions,
  ) {
    super();
  }

  /** Topics and groups this service consumes, known once handlers are registered. */
  subscriptions(): Subscription[] {
    return [...this.messageHandlers].map(([pattern, handler]) => this.toSubscription(pattern as Topic, handler));
  }

  get groups(): readonly GroupConsumer[] {
    return this.consumers;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(() => callback(), callback);
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.consumers = [];
  }

  on(): never {
    throw new Error('KafkaEventsTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.kafka as T;
  }

  private async start(): Promise<void> {
    const byGroup = new Map<string, Map<string, Subscription>>();
    for (const subscription of this.subscriptions()) {
      const topics = byGroup.get(subscription.group) ?? new Map<string, Subscription>();
      if (topics.has(subscription.topic)) {
        throw new Error(`two handlers for ${subscription.topic} in group ${subscription.group}`);
      }
      topics.set(subscription.topic, subscription);
      byGroup.set(subscription.group, topics);
    }
    const logger = consumerLogger(this.log);
    const tiers = retryTiersByGroup(this.subscriptions());
    const options = {
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      metrics: this.options.metrics,
      tracer: this.options.tracer,
      isInfrastructureFailure: this.options.isInfrastructureFailure,
    };
    this.consumers = [...byGroup].flatMap(([group, topics]) => {
      const consumer = (retryTier?: number) =>
        new GroupConsumer(this.kafka, this.codec, this.publisher, group, topics, logger, { ...options, retryTier });
      // The group itself, and one consumer per retry tier.
      return [consumer(), ...(tiers.get(group) ?? []).map((_, index) => consumer(index + 1))];
    });
    await Promise.all(this.consumers.map((consumer) => consumer.start()));
    for (const [group, topics] of byGroup) {
      const retries = (tiers.get(group) ?? []).map((delay, index) => `${retryTopic(group, index + 1)} (${delay} ms)`);
      this.log.log(
        `consuming ${[...topics.keys()].join(', ')} as group ${group}${retries.length ? `, retrying through ${retries.join(', ')}` : ''}`,
      );
    }
  }

  private toSubscription(topic: Topic, handler: MessageHandler): Subscription {
    const extras = (handler.extras ?? {}) as Partial<OnEventExtras>;
    const policy = extras.surge?.policy;
    // Only @OnEvent names one; a bare @EventPattern would fail silently under a default.
    if (!policy) throw new Error(`the handler of ${topic} names no failure policy: subscribe it with @OnEvent`);
    const group = extras.surge?.group ?? this.options.defaultGroup;
    return {
      topic,
      contract: topic,
      group,
      policy,
      handle: (batch) =>
        withEventContext(batch, async () => {
          const context = new KafkaBatchContext([group, topic, batch[0]?.partition ?? -1]);
          // Goes through Nest's pipeline (interceptors, filters); the result may be an Observable.
          const result: unknown = await handler(batch, context);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        }),
    };
  }
}

function consumerLogger(log: Logger): ConsumerLogger {
  return {
    log: (message, context) => log.log({ msg: message, ...context }),
    warn: (message, context) => log.warn({ msg: message, ...context }),
    error: (message, context) => log.error({ msg: message, ...context }),
  };
}
