import type { Tracer } from '@opentelemetry/api';
import type { Consumer, Kafka } from 'kafkajs';
import type { AvroCodec } from '../avro-codec';
import { describeError, isNetworkFailure } from '../errors';
import { retryTopic } from '../headers';
import { type MessagingMetrics, NO_MESSAGING_METRICS } from '../metrics';
import type { EventPublisher } from '../producing/publisher';
import { defaultTracer } from '../tracing';
import type { ConsumerLogger, ConsumerStatus, InfrastructureFailureCheck, Subscription } from '../types';
import { BatchRunner } from './batch-runner';
import { Delivery } from './delivery';
import { type Backoff, backoffDelay } from './failure-policy';
import { ConsumerStoppedError, Outages } from './outages';
import { Parking } from './parking';
import { RetryTierRunner, retryTiersByGroup } from './retry-tiers';

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

export const DEFAULT_DEPENDENCY_BACKOFF: Backoff = { initialDelayMs: 200, maxDelayMs: 30_000 };
export const DEFAULT_RESTART_BACKOFF: Backoff = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** kafkajs' own default for a consumer's retries (a consumer's retry options replace the client's). */
const CONSUMER_RETRIES = 5;

/** How long a member may stay silent before the broker gives its partitions to others. */
const SESSION_TIMEOUT_MS = 10_000;

/**
 * One Kafka consumer group serving several topics, a handler per topic: its
 * lifecycle (join, supervise, restart, stop). The jobs it hands a batch to
 * are the batch runner (BatchRunner), the retry tiers (RetryTierRunner),
 * parking (Parking: retry and dead-letter topics) and waiting out outages
 * (Outages).
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
  private readonly partitionsConsumedConcurrently: number;
  private readonly restartBackoff: Backoff;
  private readonly outages: Outages;
  /** Runs a batch: the group's own topics, or its retry tier's. */
  private readonly runner: BatchRunner | RetryTierRunner;
  /** The consumer group this consumer joins: the group itself, or its retry tier's. */
  readonly group: string;
  private readonly retryTier: number | undefined;

  /**
   * `sourceGroup` is the group whose subscriptions these are; it names the
   * inbox records, the dead-letter topic and the retry topics, also for a tier.
   */
  constructor(
    private readonly kafka: Kafka,
    codec: AvroCodec,
    deadLetters: EventPublisher,
    sourceGroup: string,
    private readonly subscriptions: ReadonlyMap<string, Subscription>,
    private readonly logger: ConsumerLogger,
    options: GroupConsumerOptions = {},
  ) {
    // Delays of the group's retry tiers, in ms; empty when it has none.
    const retryDelays = retryTiersByGroup(subscriptions.values()).get(sourceGroup) ?? [];
    this.retryTier = options.retryTier;
    if (this.retryTier !== undefined && !(this.retryTier >= 1 && this.retryTier <= retryDelays.length)) {
      throw new RangeError(
        `group ${sourceGroup} has ${retryDelays.length} retry tier(s), not a tier ${this.retryTier}`,
      );
    }
    this.group = this.retryTier ? retryTopic(sourceGroup, this.retryTier) : sourceGroup;
    this.partitionsConsumedConcurrently = options.partitionsConsumedConcurrently ?? 3;
    this.restartBackoff = options.restartBackoff ?? DEFAULT_RESTART_BACKOFF;
    const metrics = options.metrics ?? NO_MESSAGING_METRICS;
    const extra = options.isInfrastructureFailure;
    const isInfrastructureFailure = (error: unknown) => isNetworkFailure(error) || (extra?.(error) ?? false);

    this.outages = new Outages(this.group, logger, options.dependencyBackoff ?? DEFAULT_DEPENDENCY_BACKOFF);
    const delivery = new Delivery(codec, sourceGroup, options.tracer ?? defaultTracer(), metrics);
    const parking = new Parking(deadLetters, sourceGroup, retryDelays, this.outages, logger, metrics);
    this.runner = this.retryTier
      ? new RetryTierRunner(
          this.retryTier,
          sourceGroup,
          subscriptions,
          retryDelays,
          delivery,
          this.outages,
          parking,
          isInfrastructureFailure,
        )
      : new BatchRunner(this.group, delivery, this.outages, parking, isInfrastructureFailure, logger);
  }

  get status(): ConsumerStatus {
    if (!this.running) return { up: false, detail: 'not running' };
    const stall = this.outages.stall;
    if (stall) {
      // One line: Prisma's messages span several, with the call site.
      const error = describeError(stall.error).replace(/\s+/g, ' ').slice(0, 300);
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
            if (this.runner instanceof RetryTierRunner) {
              await this.runner.run(batch, controls, async (offset) => {
                resolveOffset(offset);
                await commitOffsetsIfNecessary();
              });
            } else {
              const subscription = this.subscriptions.get(batch.topic);
              if (!subscription) throw new Error(`no handler for topic ${batch.topic} in group ${this.group}`);
              await this.runner.run(subscription, batch, controls);
            }
          } catch (error) {
            if (error instanceof ConsumerStoppedError) return; // not resolved: redelivered after the rebalance
            throw error;
          } finally {
            this.outages.clear(batch);
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
