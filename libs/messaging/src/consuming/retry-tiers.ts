import type { Batch, KafkaMessage } from 'kafkajs';
import { describeError, isRetriable, PoisonEventError } from '../errors';
import { readHeaders, RETRY_HEADER } from '../headers';
import type { InfrastructureFailureCheck, Origin, Subscription } from '../types';
import { type Delivery, withoutRaw } from './delivery';
import { type BatchControls, ConsumerStoppedError, type Outages, pause } from './outages';
import type { Parking } from './parking';

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

/**
 * A retry tier's batch: each message, in order, once it is due, is tried
 * once with the handler of the topic it first came from; a failure moves it
 * to the next tier or, after the last, to the dead-letter topic. Offsets
 * advance message by message.
 */
export class RetryTierRunner {
  constructor(
    private readonly tier: number,
    /** The group whose subscriptions these are, by the topic each reads. */
    private readonly sourceGroup: string,
    private readonly subscriptions: ReadonlyMap<string, Subscription>,
    /** Delays of the group's retry tiers, in ms. */
    private readonly retryDelays: readonly number[],
    private readonly delivery: Delivery,
    private readonly outages: Outages,
    private readonly parking: Parking,
    private readonly isInfrastructureFailure: InfrastructureFailureCheck,
  ) {}

  async run(batch: Batch, controls: BatchControls, done: (offset: string) => Promise<void>): Promise<void> {
    for (const message of batch.messages) {
      await this.retryOnce(message, batch, controls);
      await done(message.offset);
    }
  }

  private async retryOnce(message: KafkaMessage, batch: Batch, controls: BatchControls): Promise<void> {
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
      await this.parking.toDeadLetters(message, origin, why, attemptsSoFar, batch, controls);
      return;
    }
    // Due times grow along the topic, so waiting for this one never delays a later one.
    const delay = this.retryDelays[this.tier - 1] ?? 0;
    const due = Date.parse(headers[RETRY_HEADER.dueAt] ?? '');
    await pause(Number.isNaN(due) ? 0 : Math.min(delay, due - Date.now()), controls);

    const entry = await this.outages.outlast(batch, controls, 'decode the event', () =>
      this.delivery.decode(subscription, message, origin),
    );
    if ('error' in entry) {
      await this.parking.toDeadLetters(message, origin, entry.error, attemptsSoFar, batch, controls);
      return;
    }
    const attempts = attemptsSoFar + 1;
    try {
      await this.outages.outlast(
        batch,
        controls,
        'handle the event',
        () => this.delivery.handle(subscription, [withoutRaw(entry)]),
        { isOutage: this.isInfrastructureFailure },
      );
    } catch (error) {
      if (error instanceof ConsumerStoppedError) throw error;
      if (isRetriable(error) && this.tier < this.retryDelays.length) {
        const firstError = headers[RETRY_HEADER.firstError] ?? describeError(error);
        await this.parking.toRetryTier(this.tier + 1, message, origin, attempts, firstError, batch, controls);
      } else {
        await this.parking.toDeadLetters(message, origin, error, attempts, batch, controls);
      }
    }
  }
}
