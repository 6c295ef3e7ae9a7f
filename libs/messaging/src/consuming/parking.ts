import type { Batch, KafkaMessage } from 'kafkajs';
import { describeError } from '../errors';
import { deadLetterTopic, retryTopic } from '../headers';
import type { MessagingMetrics } from '../metrics';
import type { EventPublisher } from '../producing/publisher';
import { sendToDeadLetterTopic, sendToRetryTopic } from '../producing/topic-writes';
import type { ConsumerLogger, Origin } from '../types';
import type { BatchControls, Outages } from './outages';

/**
 * Where a message goes when its group gives up on it for now (a retry tier)
 * or for good (the dead-letter topic). A topic that cannot be written is
 * waited out: the message must not be lost, and its offset is not committed
 * before it is parked.
 */
export class Parking {
  constructor(
    private readonly publisher: Pick<EventPublisher, 'sendRaw'>,
    /** The group whose subscriptions these are: it names the retry and dead-letter topics. */
    private readonly sourceGroup: string,
    /** Delays of the group's retry tiers, in ms. */
    private readonly retryDelays: readonly number[],
    private readonly outages: Outages,
    private readonly logger: ConsumerLogger,
    private readonly metrics: MessagingMetrics,
  ) {}

  /** Moves a message to the group's retry tier `tier`, due after the tier's delay. */
  async toRetryTier(
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
    await this.outages.outlast(batch, controls, `write to ${topic}`, () =>
      sendToRetryTopic(this.publisher, topic, message, origin, { attempts, firstError, dueAt }),
    );
    this.metrics.retried({ topic: origin.topic, group: this.sourceGroup, tier: String(tier) });
  }

  /** Parks a message on the group's dead-letter topic. */
  async toDeadLetters(
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
    const failure = { group: this.sourceGroup, error: describeError(error), attempts, failedAt: new Date() };
    await this.outages.outlast(batch, controls, `write to ${topic}`, () =>
      sendToDeadLetterTopic(this.publisher, topic, message, origin, failure),
    );
    this.metrics.eventsConsumed({ topic: origin.topic, group: this.sourceGroup, outcome: 'dead_lettered' }, 1);
    this.metrics.deadLettered({ topic: origin.topic, group: this.sourceGroup });
  }
}
