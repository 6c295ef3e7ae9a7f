import type { Batch } from 'kafkajs';
import { describeError } from '../errors';
import type { ConsumerLogger, InfrastructureFailureCheck } from '../types';
import { type Backoff, backoffDelay } from './failure-policy';

/** What kafkajs lends a batch handler to keep the group while it waits. */
export interface BatchControls {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** The consumer stopped or lost the partition mid-batch: the batch is left unresolved, to be redelivered. */
export class ConsumerStoppedError extends Error {}

type PartitionOf = Pick<Batch, 'topic' | 'partition'>;

/**
 * Waiting out unavailable dependencies for one consumer: while a step fails
 * for want of a dependency, its batch's partition counts as stalled (the
 * group reports itself down) and the step is tried again after a capped
 * backoff, heartbeating all along. Never counts as an attempt.
 */
export class Outages {
  /** Batches waiting for a dependency, by `topic:partition`, with the last error. */
  private readonly stalls = new Map<string, unknown>();

  constructor(
    private readonly group: string,
    private readonly logger: ConsumerLogger,
    private readonly backoff: Backoff,
  ) {}

  /** The last error of one stalled partition, or undefined when none waits. */
  get stall(): { readonly error: unknown } | undefined {
    const [error] = this.stalls.values();
    return this.stalls.size > 0 ? { error } : undefined;
  }

  /** Forgets a partition's stall, once its batch is done with either way. */
  clear(batch: PartitionOf): void {
    this.stalls.delete(stallKey(batch));
  }

  /**
   * Runs `step` until it succeeds or fails for a reason that is not an
   * outage. By default every failure counts as an outage.
   */
  async outlast<R>(
    batch: PartitionOf,
    controls: BatchControls,
    what: string,
    step: () => Promise<R>,
    { isOutage = (_error: unknown) => true }: { isOutage?: InfrastructureFailureCheck } = {},
  ): Promise<R> {
    const key = stallKey(batch);
    for (let outage = 1; ; outage++) {
      assertRunning(controls);
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
        const delay = backoffDelay(this.backoff, outage);
        this.logger.warn(`cannot ${what}: a dependency is unavailable; waiting`, {
          group: this.group,
          topic: batch.topic,
          partition: batch.partition,
          outage,
          retryInMs: delay,
          error: describeError(error),
        });
        await pause(delay, controls);
      }
    }
  }
}

/** Waits without losing the group: heartbeats while waiting, gives up when the consumer stops. */
export async function pause(ms: number, controls: BatchControls): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    assertRunning(controls);
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, until - Date.now())));
    await controls.heartbeat();
  }
}

function assertRunning(controls: BatchControls): void {
  if (!controls.isRunning() || controls.isStale()) throw new ConsumerStoppedError();
}

function stallKey(batch: PartitionOf): string {
  return `${batch.topic}:${batch.partition}`;
}
