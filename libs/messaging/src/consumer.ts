import type { EventsByTopic, Topic } from '@surge/contracts';
import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { AvroCodec } from './avro-codec';
import { describeError, isRetriable } from './errors';
import { backoffDelay, type FailurePolicy } from './failure-policy';
import { DEAD_LETTER_HEADER, deadLetterTopic, readHeaders, type HeaderMap } from './headers';
import { type MessagingMetrics, NO_MESSAGING_METRICS } from './metrics';
import type { EventPublisher } from './publisher';

/** One event as a handler receives it, with where it came from. */
export interface Delivered<E> {
  readonly event: E;
  readonly topic: Topic;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: HeaderMap;
  readonly group: string;
}

export type DeliveredOn<T extends Topic> = Delivered<EventsByTopic[T]>;

export type BatchHandler = (batch: Delivered<EventsByTopic[Topic]>[]) => Promise<void>;

export interface Subscription {
  /** The Kafka topic read. */
  readonly topic: string;
  /** The contract whose schema the topic carries: the same name, except for retry and test topics. */
  readonly contract: Topic;
  readonly group: string;
  readonly policy: FailurePolicy;
  readonly handle: BatchHandler;
}

export interface ConsumerLogger {
  log(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

interface BatchControls {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

class ConsumerStoppedError extends Error {}

/**
 * One Kafka consumer group serving several topics, a handler per topic.
 *
 * A batch from one partition is decoded, undecodable messages are parked on
 * the group's dead-letter topic at once (they can never succeed), and the
 * rest go to the handler in one call. A failing batch is retried with
 * backoff; when retries run out, or the failure is not retriable, the batch
 * is replayed one event at a time so that only the events that really fail
 * are dead-lettered. Offsets are committed only after every message of the
 * batch was handled or parked: a crash mid-batch redelivers, and the inbox
 * makes the redelivery harmless.
 */
export class GroupConsumer {
  private readonly consumer: Consumer;
  private crashed: Error | undefined;

  constructor(
    kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly deadLetters: EventPublisher,
    readonly group: string,
    private readonly subscriptions: ReadonlyMap<string, Subscription>,
    private readonly logger: ConsumerLogger,
    private readonly partitionsConsumedConcurrently = 3,
    private readonly metrics: MessagingMetrics = NO_MESSAGING_METRICS,
  ) {
    this.consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.crashed = event.payload.error;
      this.logger.error('consumer crashed', {
        group,
        error: describeError(event.payload.error),
        restart: event.payload.restart,
      });
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.crashed = undefined;
    });
  }

  /** Set while the consumer is down after a crash (kafkajs restarts it for retriable errors). */
  get lastCrash(): Error | undefined {
    return this.crashed;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.subscriptions.keys()], fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      // kafkajs hands out bound functions; its types just do not say so.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const subscription = this.subscriptions.get(batch.topic);
        if (!subscription) throw new Error(`no handler for topic ${batch.topic} in group ${this.group}`);
        try {
          await this.processBatch(subscription, batch, { heartbeat, isRunning, isStale });
        } catch (error) {
          if (error instanceof ConsumerStoppedError) return; // not resolved: redelivered after the rebalance
          throw error;
        }
        resolveOffset(batch.lastOffset());
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    // kafkajs lets the batch in flight finish before it leaves the group.
    await this.consumer.disconnect();
  }

  private async processBatch(subscription: Subscription, batch: Batch, controls: BatchControls): Promise<void> {
    const decoded = await this.withRetries(subscription.policy, controls, () => this.decodeAll(subscription, batch));
    const valid = decoded.filter((entry): entry is DeliveredWithRaw => !('error' in entry));
    for (const failed of decoded.filter((entry): entry is Undecodable => 'error' in entry)) {
      await this.deadLetter(failed.message, batch, failed.error, 1);
    }
    if (valid.length === 0) return;

    const outcome = await this.attempt(subscription, valid, controls);
    if (outcome.ok) return;
    if (valid.length === 1) {
      await this.deadLetter(valid[0].raw, batch, outcome.error, outcome.attempts);
      return;
    }
    this.logger.warn('batch failed; replaying it one event at a time', {
      group: this.group,
      topic: batch.topic,
      partition: batch.partition,
      size: valid.length,
      error: describeError(outcome.error),
    });
    for (const delivered of valid) {
      const single = await this.attempt(subscription, [delivered], controls);
      if (!single.ok) await this.deadLetter(delivered.raw, batch, single.error, single.attempts);
    }
  }

  /** Runs the handler under the subscription's retry policy. */
  private async attempt(
    subscription: Subscription,
    deliveries: DeliveredWithRaw[],
    controls: BatchControls,
  ): Promise<{ ok: true } | { ok: false; error: unknown; attempts: number }> {
    const events = deliveries.map(({ raw: _raw, ...delivered }) => delivered);
    for (let attempt = 1; ; attempt++) {
      this.assertRunning(controls);
      try {
        const started = process.hrtime.bigint();
        await subscription.handle(events);
        const labels = { topic: subscription.contract, group: this.group };
        this.metrics.handlerSeconds(labels, Number(process.hrtime.bigint() - started) / 1e9);
        this.metrics.eventsConsumed({ ...labels, outcome: 'handled' }, events.length);
        return { ok: true };
      } catch (error) {
        if (!isRetriable(error) || attempt >= subscription.policy.attempts)
          return { ok: false, error, attempts: attempt };
        this.logger.warn('handler failed; retrying', {
          group: this.group,
          topic: subscription.topic,
          attempt,
          error: describeError(error),
        });
        await this.pause(backoffDelay(subscription.policy, attempt), controls);
      }
    }
  }

  /** Retries a step that fails only for reasons outside the message (the registry being down). */
  private async withRetries<R>(policy: FailurePolicy, controls: BatchControls, step: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      this.assertRunning(controls);
      try {
        return await step();
      } catch (error) {
        this.logger.warn('cannot decode batch yet; retrying', {
          group: this.group,
          attempt,
          error: describeError(error),
        });
        await this.pause(backoffDelay(policy, Math.min(attempt, 16)), controls);
      }
    }
  }

  private async decodeAll(subscription: Subscription, batch: Batch): Promise<(DeliveredWithRaw | Undecodable)[]> {
    return Promise.all(
      batch.messages.map(async (message): Promise<DeliveredWithRaw | Undecodable> => {
        try {
          const event = await this.codec.decode(subscription.contract, message.value);
          return {
            event,
            topic: subscription.contract,
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            headers: readHeaders(message.headers),
            group: this.group,
            raw: message,
          };
        } catch (error) {
          if (isRetriable(error)) throw error;
          return { message, error };
        }
      }),
    );
  }

  private async deadLetter(message: KafkaMessage, batch: Batch, error: unknown, attempts: number): Promise<void> {
    const topic = deadLetterTopic(this.group);
    this.metrics.eventsConsumed({ topic: batch.topic, group: this.group, outcome: 'dead_lettered' }, 1);
    this.logger.error('event dead-lettered', {
      group: this.group,
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      deadLetterTopic: topic,
      attempts,
      error: describeError(error),
    });
    await this.deadLetters.sendRaw([
      {
        topic,
        messages: [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...readHeaders(message.headers),
              [DEAD_LETTER_HEADER.topic]: batch.topic,
              [DEAD_LETTER_HEADER.partition]: String(batch.partition),
              [DEAD_LETTER_HEADER.offset]: message.offset,
              [DEAD_LETTER_HEADER.group]: this.group,
              [DEAD_LETTER_HEADER.error]: describeError(error).slice(0, 2_000),
              [DEAD_LETTER_HEADER.attempts]: String(attempts),
              [DEAD_LETTER_HEADER.failedAt]: new Date().toISOString(),
            },
          },
        ],
      },
    ]);
  }

  /** Waits without losing the group: heartbeats while waiting, gives up when the consumer stops. */
  private async pause(ms: number, controls: BatchControls): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      this.assertRunning(controls);
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, until - Date.now())));
      await controls.heartbeat();
    }
  }

  private assertRunning(controls: BatchControls): void {
    if (!controls.isRunning() || controls.isStale()) throw new ConsumerStoppedError();
  }
}

type DeliveredWithRaw = Delivered<EventsByTopic[Topic]> & { readonly raw: KafkaMessage };

interface Undecodable {
  readonly message: KafkaMessage;
  readonly error: unknown;
}
