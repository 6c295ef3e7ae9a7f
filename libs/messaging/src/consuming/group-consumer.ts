import type { EventsByTopic, Topic } from '@surge/contracts';
import { ROOT_CONTEXT, trace, type Tracer } from '@opentelemetry/api';
import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { AvroCodec } from '../avro-codec';
import { describeError, isNetworkFailure, isRetriable, PoisonEventError } from '../errors';
import { type Backoff, backoffDelay, type FailurePolicy } from './failure-policy';
import { DEAD_LETTER_HEADER, deadLetterTopic, type HeaderMap, readHeaders, RETRY_HEADER, retryTopic } from '../headers';
import { type MessagingMetrics, NO_MESSAGING_METRICS } from '../metrics';
import type { EventPublisher } from '../producing/publisher';
import { defaultTracer, endSpans, startProcessSpan, traceParentOf, withSpan } from '../tracing';

/** One event as a handler receives it, with where it came from. */
export interface Delivered<E> {
  readonly event: E;
  readonly topic: Topic;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: HeaderMap;
  readonly group: string;
  /**
   * W3C traceparent of the span handling this event (a child of the span that
   * published it): what the handler writes continues the event's trace.
   */
  readonly traceParent?: string;
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

/** Tells whether an error means "a dependency is unavailable" rather than "this message failed". */
export type InfrastructureFailureCheck = (error: unknown) => boolean;

export interface GroupConsumerOptions {
  readonly partitionsConsumedConcurrently?: number;
  readonly metrics?: MessagingMetrics;
  /** Makes a process span per handled event; the global tracer (a no-op unless registered) by default. */
  readonly tracer?: Tracer;
  /**
   * Errors that mean a dependency is unavailable (the service's database
   * down), in addition to Node's network errors (isNetworkFailure). Those are
   * waited out without counting an attempt.
   */
  readonly isInfrastructureFailure?: InfrastructureFailureCheck;
  /** Wait between tries while a dependency is unavailable; full jitter. */
  readonly dependencyBackoff?: Backoff;
  /** Wait before re-creating a consumer that stopped or crashed; full jitter above the initial delay. */
  readonly restartBackoff?: Backoff;
  /**
   * Makes this the consumer of the group's retry tier `retryTier` (1-based):
   * it reads `<group>.retry-<n>` as group `<group>.retry-<n>` and runs the
   * handlers of the original topics, each message once it is due.
   */
  readonly retryTier?: number;
}

/** Whether the group consumes right now and, when not, why. */
export interface ConsumerStatus {
  readonly up: boolean;
  readonly detail?: string;
}

export const DEFAULT_DEPENDENCY_BACKOFF: Backoff = { initialDelayMs: 200, maxDelayMs: 30_000 };
export const DEFAULT_RESTART_BACKOFF: Backoff = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** kafkajs' own default for a consumer's retries (a consumer's retry options replace the client's). */
const CONSUMER_RETRIES = 5;

interface BatchControls {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** Where a message first came from, before any retry topic. */
interface Origin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * The retry tiers (delays in ms) of each group, from its subscriptions'
 * policies. Subscriptions without tiers share the group with those that
 * have them; two different sets of tiers in one group are refused.
 */
export function retryTiersByGroup(subscriptions: Iterable<Subscription>): Map<string, readonly number[]> {
  const tiers = new Map<string, readonly number[]>();
  for (const { group, topic, policy } of subscriptions) {
    if (policy.retryTopics.length === 0) continue;
    const known = tiers.get(group);
    if (known && known.join() !== policy.retryTopics.join()) {
      throw new Error(
        `group ${group} has two sets of retry tiers ([${known.join(', ')}] and [${policy.retryTopics.join(', ')}] for ${topic}); its subscriptions must name the same retryTopics`,
      );
    }
    tiers.set(group, policy.retryTopics);
  }
  return tiers;
}

class ConsumerStoppedError extends Error {}

/** How long a member may stay silent before the broker gives its partitions to others. */
const SESSION_TIMEOUT_MS = 10_000;

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
 *
 * With retry tiers in the policy (retryTopics), an event whose retriable
 * failure outlasts the attempts in process moves to `<group>.retry-1`
 * instead, so that the partition goes on; the tier's own GroupConsumer
 * (retryTier) tries it once when it is due, then moves it to the next tier,
 * and from the last tier to the dead-letter topic.
 *
 * Infrastructure failures are not the message's fault. When the handler fails
 * because a dependency is unavailable (isInfrastructureFailure), when the
 * registry cannot be asked, or when the dead-letter topic cannot be written,
 * the consumer waits with capped backoff, heartbeating, as long as it takes;
 * no attempt is counted and the group reports itself stalled meanwhile.
 *
 * The consumer itself is supervised: whenever the kafkajs consumer crashes or
 * stops without stop() having been called, it is re-created after a backoff,
 * forever. The group is up only once it has joined and while nothing stalls it.
 */
export class GroupConsumer {
  private consumer: Consumer | undefined;
  /** Bumped for every kafkajs consumer made: events of a replaced one are ignored. */
  private generation = 0;
  private running = false;
  private joined = false;
  private crashed: Error | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartAttempt = 0;
  private restarting: Promise<void> = Promise.resolve();
  /** Batches waiting for a dependency, by `topic:partition`, with the last error. */
  private readonly stalls = new Map<string, unknown>();
  private readonly partitionsConsumedConcurrently: number;
  private readonly metrics: MessagingMetrics;
  private readonly tracer: Tracer;
  private readonly isInfrastructureFailure: InfrastructureFailureCheck;
  private readonly dependencyBackoff: Backoff;
  private readonly restartBackoff: Backoff;
  /** The consumer group this consumer joins: the group itself, or its retry tier's. */
  readonly group: string;
  /** Delays of the group's retry tiers, in ms; empty when it has none. */
  private readonly retryDelays: readonly number[];
  private readonly retryTier: number | undefined;

  /**
   * `sourceGroup` is the group whose subscriptions these are; it names the
   * inbox records, the dead-letter topic and the retry topics, also for a tier.
   */
  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly deadLetters: EventPublisher,
    private readonly sourceGroup: string,
    private readonly subscriptions: ReadonlyMap<string, Subscription>,
    private readonly logger: ConsumerLogger,
    options: GroupConsumerOptions = {},
  ) {
    this.retryDelays = retryTiersByGroup(subscriptions.values()).get(sourceGroup) ?? [];
    this.retryTier = options.retryTier;
    if (this.retryTier !== undefined && !(this.retryTier >= 1 && this.retryTier <= this.retryDelays.length)) {
      throw new RangeError(
        `group ${sourceGroup} has ${this.retryDelays.length} retry tier(s), not a tier ${this.retryTier}`,
      );
    }
    this.group = this.retryTier ? retryTopic(sourceGroup, this.retryTier) : sourceGroup;
    this.partitionsConsumedConcurrently = options.partitionsConsumedConcurrently ?? 3;
    this.metrics = options.metrics ?? NO_MESSAGING_METRICS;
    this.tracer = options.tracer ?? defaultTracer();
    const extra = options.isInfrastructureFailure;
    this.isInfrastructureFailure = (error) => isNetworkFailure(error) || (extra?.(error) ?? false);
    this.dependencyBackoff = options.dependencyBackoff ?? DEFAULT_DEPENDENCY_BACKOFF;
    this.restartBackoff = options.restartBackoff ?? DEFAULT_RESTART_BACKOFF;
  }

  get status(): ConsumerStatus {
    if (!this.running) return { up: false, detail: 'not running' };
    const [stall] = this.stalls.values();
    if (this.stalls.size > 0) {
      // One line: Prisma's messages span several, with the call site.
      const error = describeError(stall).replace(/\s+/g, ' ').slice(0, 300);
      return { up: false, detail: `waiting for a dependency: ${error}` };
    }
    if (this.crashed) return { up: false, detail: `crashed, restarting: ${describeError(this.crashed)}` };
    if (!this.joined) return { up: false, detail: 'joining the group' };
    return { up: true };
  }

  /** Connects and starts consuming; fails when the first start fails (the service does not come up). */
  async start(): Promise<void> {
    this.running = true;
    try {
      await this.launch();
    } catch (error) {
      if (isTransientKafkaError(error)) {
        // E.g. a topic created a moment ago whose metadata has not spread yet, or the broker
        // restarting: the service starts anyway, not ready, and the consumer joins when it can.
        this.crashed = error instanceof Error ? error : new Error(String(error));
        this.scheduleRestart();
        return;
      }
      this.running = false;
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.restarting;
    this.generation++;
    this.joined = false;
    // kafkajs lets the batch in flight finish before it leaves the group.
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async launch(): Promise<void> {
    const consumer = this.createConsumer();
    this.consumer = consumer;
    const topics = this.retryTier ? [this.group] : [...this.subscriptions.keys()];
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
        // kafkajs hands out bound functions; its types just do not say so.
        // eslint-disable-next-line @typescript-eslint/unbound-method
        eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
          const controls = { heartbeat, isRunning, isStale };
          try {
            if (this.retryTier) {
              await this.processRetries(this.retryTier, batch, controls, async (offset) => {
                resolveOffset(offset);
                await commitOffsetsIfNecessary();
              });
            } else {
              const subscription = this.subscriptions.get(batch.topic);
              if (!subscription) throw new Error(`no handler for topic ${batch.topic} in group ${this.group}`);
              await this.processBatch(subscription, batch, controls);
            }
          } catch (error) {
            if (error instanceof ConsumerStoppedError) return; // not resolved: redelivered after the rebalance
            throw error;
          } finally {
            this.stalls.delete(stallKey(batch));
          }
          resolveOffset(batch.lastOffset());
          await commitOffsetsIfNecessary();
          await heartbeat();
        },
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private createConsumer(): Consumer {
    const consumer = this.kafka.consumer({
      groupId: this.group,
      allowAutoTopicCreation: false,
      // A member that died (SIGKILL, a lost node) holds its partitions until its
      // session times out: 10 s instead of kafkajs' 30 s lets a replacement take
      // over sooner. Heartbeats go every second, also while a batch is retried.
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: 1_000,
      // What one fetch may bring (kafkajs' defaults: 1 MiB per partition, 10 MiB in all). A lagging group holds a
      // fetch's messages in memory until handled; Surge's events are a few hundred bytes, so 256 KiB is still
      // about a thousand per partition per batch.
      maxBytesPerPartition: 256 * 1024,
      maxBytes: 2 * 1024 * 1024,
      // Every restart is ours (scheduleRestart): kafkajs restarts only some
      // crashes itself, and a consumer that stays down must not go unnoticed.
      retry: { retries: CONSUMER_RETRIES, restartOnFailure: async () => false },
    });
    const generation = ++this.generation;
    const current = () => this.running && generation === this.generation;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!current()) return;
      this.joined = true;
      this.crashed = undefined;
      this.restartAttempt = 0;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!current()) return;
      this.joined = false;
      this.crashed = event.payload.error;
      this.logger.error('consumer crashed', { group: this.group, error: describeError(event.payload.error) });
      this.scheduleRestart();
    });
    // A crash stops the consumer too; a stop without a crash is just as final.
    consumer.on(consumer.events.STOP, () => {
      if (!current()) return;
      this.joined = false;
      this.scheduleRestart();
    });
    return consumer;
  }

  /** Re-creates the consumer after a backoff; tries again (longer) while that fails. At most one is pending. */
  private scheduleRestart(): void {
    if (!this.running || this.restartTimer) return;
    const attempt = ++this.restartAttempt;
    const delay = this.restartBackoff.initialDelayMs + backoffDelay(this.restartBackoff, attempt);
    this.logger.warn('consumer stopped; re-creating it', {
      group: this.group,
      attempt,
      inMs: delay,
      error: this.crashed && describeError(this.crashed),
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restarting = this.restarting.then(() => this.restart());
    }, delay);
  }

  private async restart(): Promise<void> {
    if (!this.running) return;
    const previous = this.consumer;
    this.generation++; // from here on, the old consumer's events are ignored
    await previous?.disconnect().catch(() => undefined);
    if (!this.running) return;
    try {
      await this.launch();
      this.logger.log('consumer re-created', { group: this.group });
    } catch (error) {
      this.crashed = error instanceof Error ? error : new Error(String(error));
      this.logger.error('re-creating the consumer failed', { group: this.group, error: describeError(error) });
      this.scheduleRestart();
    }
    // stop() may have come while launching: it waits for this, and the new consumer must not outlive it.
    if (!this.running) await this.consumer?.disconnect().catch(() => undefined);
  }

  private async processBatch(subscription: Subscription, batch: Batch, controls: BatchControls): Promise<void> {
    const origin = (message: KafkaMessage): Origin => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
    });
    // Only failures the message cannot cause leave decode: the registry is unreachable.
    const decoded = await this.outlastOutage(batch, controls, 'decode the batch', () =>
      Promise.all(batch.messages.map((message) => this.decode(subscription, message, origin(message)))),
    );
    const valid = decoded.filter((entry): entry is DeliveredWithRaw => !('error' in entry));
    for (const failed of decoded.filter((entry): entry is Undecodable => 'error' in entry)) {
      await this.deadLetter(failed.message, origin(failed.message), failed.error, 1, batch, controls);
    }
    if (valid.length === 0) return;

    const outcome = await this.attempt(subscription, batch, valid, controls);
    if (outcome.ok) return;
    if (valid.length === 1) {
      await this.giveUp(subscription, valid[0].raw, origin(valid[0].raw), outcome, batch, controls);
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
      const single = await this.attempt(subscription, batch, [delivered], controls);
      if (!single.ok) await this.giveUp(subscription, delivered.raw, origin(delivered.raw), single, batch, controls);
    }
  }

  /** After the attempts in process: the first retry tier for a retriable failure when there are tiers, else dead letters. */
  private async giveUp(
    subscription: Subscription,
    message: KafkaMessage,
    origin: Origin,
    { error, attempts }: { error: unknown; attempts: number },
    batch: Batch,
    controls: BatchControls,
  ): Promise<void> {
    if (isRetriable(error) && subscription.policy.retryTopics.length > 0) {
      await this.sendToRetryTier(1, message, origin, attempts, describeError(error), batch, controls);
    } else {
      await this.deadLetter(message, origin, error, attempts, batch, controls);
    }
  }

  /**
   * A retry tier's batch: each message, in order, once it is due, is tried
   * once; a failure moves it to the next tier or, after the last, to the
   * dead-letter topic. Offsets advance message by message.
   */
  private async processRetries(
    tier: number,
    batch: Batch,
    controls: BatchControls,
    done: (offset: string) => Promise<void>,
  ): Promise<void> {
    for (const message of batch.messages) {
      await this.retryOnce(tier, message, batch, controls);
      await done(message.offset);
    }
  }

  private async retryOnce(tier: number, message: KafkaMessage, batch: Batch, controls: BatchControls): Promise<void> {
    const headers = readHeaders(message.headers);
    const originTopic = headers[RETRY_HEADER.topic];
    const origin: Origin = originTopic
      ? {
          topic: originTopic,
          partition: Number(headers[RETRY_HEADER.partition] ?? -1),
          offset: headers[RETRY_HEADER.offset] ?? '',
        }
      : { topic: batch.topic, partition: batch.partition, offset: message.offset };
    const attemptsSoFar = Number(headers[RETRY_HEADER.attempts] ?? 0);
    const subscription = originTopic ? this.subscriptions.get(originTopic) : undefined;
    if (!subscription) {
      const why = new PoisonEventError(`no handler in group ${this.sourceGroup} for topic ${originTopic ?? '(none)'}`);
      await this.deadLetter(message, origin, why, attemptsSoFar, batch, controls);
      return;
    }
    // Due times grow along the topic, so waiting for this one never delays a later one.
    const delay = this.retryDelays[tier - 1] ?? 0;
    const due = Date.parse(headers[RETRY_HEADER.dueAt] ?? '');
    await this.pause(Number.isNaN(due) ? 0 : Math.min(delay, due - Date.now()), controls);

    const entry = await this.outlastOutage(batch, controls, 'decode the event', () =>
      this.decode(subscription, message, origin),
    );
    if ('error' in entry) {
      await this.deadLetter(message, origin, entry.error, attemptsSoFar, batch, controls);
      return;
    }
    const { raw: _raw, ...delivered } = entry;
    const attempts = attemptsSoFar + 1;
    try {
      await this.outlastOutage(batch, controls, 'handle the event', () => this.handle(subscription, [delivered]), {
        isOutage: this.isInfrastructureFailure,
      });
    } catch (error) {
      if (error instanceof ConsumerStoppedError) throw error;
      if (isRetriable(error) && tier < this.retryDelays.length) {
        const firstError = headers[RETRY_HEADER.firstError] ?? describeError(error);
        await this.sendToRetryTier(tier + 1, message, origin, attempts, firstError, batch, controls);
      } else {
        await this.deadLetter(message, origin, error, attempts, batch, controls);
      }
    }
  }

  /** Runs the handler under the subscription's retry policy; waits out unavailable dependencies uncounted. */
  private async attempt(
    subscription: Subscription,
    batch: Batch,
    deliveries: DeliveredWithRaw[],
    controls: BatchControls,
  ): Promise<{ ok: true } | { ok: false; error: unknown; attempts: number }> {
    const events = deliveries.map(({ raw: _raw, ...delivered }) => delivered);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.outlastOutage(batch, controls, 'handle the batch', () => this.handle(subscription, events), {
          isOutage: this.isInfrastructureFailure,
        });
        return { ok: true };
      } catch (error) {
        if (error instanceof ConsumerStoppedError) throw error;
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

  /**
   * One call of the handler, each event in a process span of its own (a try:
   * a retried event shows each attempt). A single event's span is active
   * while the handler runs; in a batch, each event carries its span as
   * `traceParent` for what the handler writes about it.
   */
  private async handle(subscription: Subscription, events: Delivered<EventsByTopic[Topic]>[]): Promise<void> {
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

  /**
   * Runs `step` until it succeeds or fails for a reason that is not an
   * outage; while a dependency is unavailable the batch's partition counts as
   * stalled and the step is tried again after a capped backoff, heartbeating
   * all along. By default every failure counts as an outage.
   */
  private async outlastOutage<R>(
    batch: Pick<Batch, 'topic' | 'partition'>,
    controls: BatchControls,
    what: string,
    step: () => Promise<R>,
    { isOutage = (_error: unknown) => true }: { isOutage?: InfrastructureFailureCheck } = {},
  ): Promise<R> {
    const key = stallKey(batch);
    for (let outage = 1; ; outage++) {
      this.assertRunning(controls);
      try {
        const result = await step();
        this.stalls.delete(key);
        return result;
      } catch (error) {
        if (!isOutage(error)) {
          this.stalls.delete(key); // the dependency answered: whatever failed now is the message's failure
          throw error;
        }
        this.stalls.set(key, error);
        const delay = backoffDelay(this.dependencyBackoff, outage);
        this.logger.warn(`cannot ${what}: a dependency is unavailable; waiting`, {
          group: this.group,
          topic: batch.topic,
          partition: batch.partition,
          outage,
          retryInMs: delay,
          error: describeError(error),
        });
        await this.pause(delay, controls);
      }
    }
  }

  private async decode(
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

  /** Moves a message to the group's retry tier `tier`, due after the tier's delay. */
  private async sendToRetryTier(
    tier: number,
    message: KafkaMessage,
    origin: Origin,
    attempts: number,
    firstError: string,
    batch: Batch,
    controls: BatchControls,
  ): Promise<void> {
    const topic = retryTopic(this.sourceGroup, tier);
    const dueAt = new Date(Date.now() + (this.retryDelays[tier - 1] ?? 0));
    this.logger.warn('event moved to a retry topic', {
      group: this.sourceGroup,
      topic: origin.topic,
      partition: origin.partition,
      offset: origin.offset,
      retryTopic: topic,
      attempts,
      dueAt: dueAt.toISOString(),
    });
    const retry = {
      topic,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...withoutFailureHeaders(readHeaders(message.headers)),
            [RETRY_HEADER.topic]: origin.topic,
            [RETRY_HEADER.partition]: String(origin.partition),
            [RETRY_HEADER.offset]: origin.offset,
            [RETRY_HEADER.attempts]: String(attempts),
            [RETRY_HEADER.firstError]: firstError.slice(0, 2_000),
            [RETRY_HEADER.dueAt]: dueAt.toISOString(),
          },
        },
      ],
    };
    await this.outlastOutage(batch, controls, `write to ${topic}`, () => this.deadLetters.sendRaw([retry]));
    this.metrics.retried({ topic: origin.topic, group: this.sourceGroup, tier: String(tier) });
  }

  /** Parks a message on the group's dead-letter topic; an unwritable topic is waited out (the message must not be lost). */
  private async deadLetter(
    message: KafkaMessage,
    origin: Origin,
    error: unknown,
    attempts: number,
    batch: Batch,
    controls: BatchControls,
  ): Promise<void> {
    const topic = deadLetterTopic(this.sourceGroup);
    this.logger.error('event dead-lettered', {
      group: this.sourceGroup,
      topic: origin.topic,
      partition: origin.partition,
      offset: origin.offset,
      deadLetterTopic: topic,
      attempts,
      error: describeError(error),
    });
    const letter = {
      topic,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...withoutFailureHeaders(readHeaders(message.headers)),
            [DEAD_LETTER_HEADER.topic]: origin.topic,
            [DEAD_LETTER_HEADER.partition]: String(origin.partition),
            [DEAD_LETTER_HEADER.offset]: origin.offset,
            [DEAD_LETTER_HEADER.group]: this.sourceGroup,
            [DEAD_LETTER_HEADER.error]: describeError(error).slice(0, 2_000),
            [DEAD_LETTER_HEADER.attempts]: String(attempts),
            [DEAD_LETTER_HEADER.failedAt]: new Date().toISOString(),
          },
        },
      ],
    };
    await this.outlastOutage(batch, controls, `write to ${topic}`, () => this.deadLetters.sendRaw([letter]));
    this.metrics.eventsConsumed({ topic: origin.topic, group: this.sourceGroup, outcome: 'dead_lettered' }, 1);
    this.metrics.deadLettered({ topic: origin.topic, group: this.sourceGroup });
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

/** A message's headers without those of an earlier retry or dead-lettering (a replay carries them). */
function withoutFailureHeaders(headers: HeaderMap): HeaderMap {
  const failure = new Set<string>([...Object.values(RETRY_HEADER), ...Object.values(DEAD_LETTER_HEADER)]);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !failure.has(name)));
}

function stallKey(batch: Pick<Batch, 'topic' | 'partition'>): string {
  return `${batch.topic}:${batch.partition}`;
}

type DeliveredWithRaw = Delivered<EventsByTopic[Topic]> & { readonly raw: KafkaMessage };

interface Undecodable {
  readonly message: KafkaMessage;
  readonly error: unknown;
}

/** kafkajs' word that trying again may work: a retriable protocol error, a lost connection, retries run out. */
function isTransientKafkaError(error: unknown): boolean {
  const { retriable, name } = (error ?? {}) as { retriable?: unknown; name?: unknown };
  return (
    retriable === true ||
    name === 'KafkaJSConnectionError' ||
    name === 'KafkaJSNumberOfRetriesExceeded' ||
    name === 'KafkaJSRequestTimeoutError'
  );
}
