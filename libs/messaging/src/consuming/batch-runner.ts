import type { Batch, KafkaMessage } from 'kafkajs';
import { describeError, isRetriable } from '../errors';
import type { ConsumerLogger, InfrastructureFailureCheck, Origin, Subscription } from '../types';
import { type Delivery, type DeliveredWithRaw, type Undecodable, withoutRaw } from './delivery';
import { backoffDelay } from './failure-policy';
import { type BatchControls, ConsumerStoppedError, type Outages, pause } from './outages';
import type { Parking } from './parking';

type Outcome = { ok: true } | { ok: false; error: unknown; attempts: number };

/**
 * A batch from one partition of a group's own topics. Undecodable messages
 * are parked at once (they can never succeed), the rest go to the handler in
 * one call. A failing batch is retried with backoff; when retries run out, or
 * the failure is not retriable, the batch is replayed one event at a time so
 * that only the events that really fail move on: to the first retry tier for
 * a retriable failure when the group has tiers, else to the dead letters.
 */
export class BatchRunner {
  constructor(
    /** The consumer group joined, for the logs. */
    private readonly group: string,
    private readonly delivery: Delivery,
    private readonly outages: Outages,
    private readonly parking: Parking,
    private readonly isInfrastructureFailure: InfrastructureFailureCheck,
    private readonly logger: ConsumerLogger,
  ) {}

  async run(subscription: Subscription, batch: Batch, controls: BatchControls): Promise<void> {
    const origin = (message: KafkaMessage): Origin => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
    });
    // Only failures the message cannot cause leave decode: the registry is unreachable.
    const decoded = await this.outages.outlast(batch, controls, 'decode the batch', () =>
      Promise.all(batch.messages.map((message) => this.delivery.decode(subscription, message, origin(message)))),
    );
    const valid = decoded.filter((entry): entry is DeliveredWithRaw => !('error' in entry));
    for (const failed of decoded.filter((entry): entry is Undecodable => 'error' in entry)) {
      await this.parking.toDeadLetters(failed.message, origin(failed.message), failed.error, 1, batch, controls);
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
      await this.parking.toRetryTier(1, message, origin, attempts, describeError(error), batch, controls);
    } else {
      await this.parking.toDeadLetters(message, origin, error, attempts, batch, controls);
    }
  }

  /** Runs the handler under the subscription's retry policy; waits out unavailable dependencies uncounted. */
  private async attempt(
    subscription: Subscription,
    batch: Batch,
    deliveries: DeliveredWithRaw[],
    controls: BatchControls,
  ): Promise<Outcome> {
    const events = deliveries.map(withoutRaw);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.outages.outlast(
          batch,
          controls,
          'handle the batch',
          () => this.delivery.handle(subscription, events),
          {
            isOutage: this.isInfrastructureFailure,
          },
        );
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
        await pause(backoffDelay(subscription.policy, attempt), controls);
      }
    }
  }
}
