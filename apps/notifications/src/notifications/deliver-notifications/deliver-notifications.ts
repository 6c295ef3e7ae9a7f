import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { GroupCommit, isDatabaseUnavailable, settled } from '@surge/persistence';
import {
  type ChannelOutcome,
  type ClaimedNotification,
  type DeliveryRound,
  NotificationsRepository,
  type RoundResult,
} from '../notifications.repository';
import type { DeliveryChannel } from '../channels/channel';
import { retryDelay, type RetrySchedule } from '../domain/retry-schedule';

export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');
export const DISPATCH_OPTIONS = Symbol('DISPATCH_OPTIONS');

export interface DispatchOptions extends RetrySchedule {
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly leaseMs: number;
}

/**
 * Delivers stored notifications after the transaction that stored them
 * committed, never inside a Kafka handler: it claims due PENDING rows, sends
 * each through every configured channel that has not taken it yet, records
 * every attempt, and schedules a retry with exponential backoff until the
 * attempts run out (FAILED). Runs from start-up to shutdown; several
 * replicas share the work through the claim.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('NotificationDispatcher');
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(
    private readonly notifications: NotificationsRepository,
    @Inject(DELIVERY_CHANNELS) private readonly channels: readonly DeliveryChannel[],
    @Inject(DISPATCH_OPTIONS) private readonly options: DispatchOptions,
  ) {}

  /**
   * Each round is recorded as soon as its channels answered, together with the rounds that finished meanwhile
   * (one transaction for them all), so a slow channel delays only its own notification's record.
   */
  private readonly rounds = new GroupCommit<DeliveryRound, void>(
    async (rounds) => {
      await this.notifications.recordRounds(rounds);
      return rounds.map(() => settled.ok(undefined));
    },
    { isolate: (error) => !isDatabaseUnavailable(error) },
  );

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Lets the round in flight finish and record its attempts (the database closes after this), then closes the channels. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    for (const channel of this.channels) await channel.close?.();
  }

  /** New notifications were committed: look now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** One round over due notifications; returns how many it claimed. */
  async dispatchDue(): Promise<number> {
    const claimed = await this.notifications.claimDue(this.options.batchSize, this.options.leaseMs);
    await Promise.all(claimed.map((notification) => this.deliver(notification)));
    return claimed.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let claimed = 0;
      try {
        claimed = await this.dispatchDue();
      } catch (error) {
        this.log.error({ msg: 'dispatch round failed', err: error });
      }
      // A full batch means more may be due at once.
      if (claimed < this.options.batchSize && this.running && !this.woken) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp?.(), this.options.pollIntervalMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }

  private async deliver(notification: ClaimedNotification): Promise<void> {
    const outcomes: ChannelOutcome[] = [];
    for (const channel of this.channels) {
      if (notification.deliveredOn.has(channel.name)) continue;
      try {
        await channel.deliver(notification);
        outcomes.push({ channel: channel.name });
      } catch (error) {
        outcomes.push({ channel: channel.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    const failed = outcomes.filter((outcome) => outcome.error !== undefined);
    const result = this.resultOf(notification.attempt, failed.length);
    const context = {
      notificationId: notification.id,
      orderId: notification.orderId,
      correlationId: notification.correlationId,
      type: notification.type,
      attempt: notification.attempt,
      status: result.status,
    };
    if (failed.length > 0) {
      this.log.warn({ msg: 'notification delivery failed', ...context, errors: failed });
    }
    await this.rounds.submit({ claimed: notification, outcomes, result });
  }

  private resultOf(attempt: number, failures: number): RoundResult {
    if (failures === 0) return { status: 'SENT' };
    const delay = retryDelay(this.options, attempt);
    return delay === null ? { status: 'FAILED' } : { status: 'PENDING', retryInMs: delay };
  }
}
