import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SAGA_DEADLINE, type SagaDeadlineOptions, TimeOutOverdueOrders } from './time-out-overdue-orders';

/**
 * Runs the saga deadline from start-up to shutdown: a sweep every
 * `sweepIntervalMs`, or at once after a full batch (a backlog, e.g. after an
 * outage). A failed sweep (database unreachable) is logged and tried again at
 * the next tick; it never stops the loop or the process.
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('SagaDeadline');
  private running = false;
  private loop: Promise<void> | undefined;
  private interruptPause: (() => void) | undefined;

  constructor(
    private readonly timeOutOverdue: TimeOutOverdueOrders,
    @Inject(SAGA_DEADLINE) private readonly options: SagaDeadlineOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops the timer and lets the sweep in flight commit or roll back. Before,
   * not on, application shutdown: the database disconnects in the platform's
   * onApplicationShutdown.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.interruptPause?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let timedOut = 0;
      try {
        timedOut = (await this.timeOutOverdue.sweep()).length;
      } catch (error) {
        this.log.error({ msg: 'saga deadline sweep failed, trying again at the next tick', err: error });
      }
      if (timedOut < this.options.batchSize && this.running) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.interruptPause?.(), this.options.sweepIntervalMs);
      this.interruptPause = () => {
        clearTimeout(timer);
        this.interruptPause = undefined;
        resolve();
      };
    });
  }
}
