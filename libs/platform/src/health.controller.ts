import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { type DependencyStatus, MessagingHealth } from '@surge/messaging';
import type { TransactionalClient } from '@surge/persistence';
import { HttpDrain } from './http-drain';
import { DATABASE } from './tokens';

/** Liveness says the process runs; readiness that it can do its work right now. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly messaging: MessagingHealth,
    @Inject(DATABASE) private readonly db: TransactionalClient,
    private readonly drain: HttpDrain,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.indicate('accepting', Promise.resolve(this.accepting())),
      () => this.indicate('database', this.database()),
      () => this.indicate('broker', this.messaging.broker()),
      () => this.indicate('registry', this.messaging.registry()),
      () => this.indicate('consumers', Promise.resolve(this.messaging.consumers())),
    ]);
  }

  /** Down from SIGTERM on, so that traffic goes elsewhere while this instance drains. */
  private accepting(): DependencyStatus {
    return this.drain.isDraining ? { up: false, detail: 'shutting down' } : { up: true };
  }

  private async database(): Promise<DependencyStatus> {
    try {
      await this.db.$queryRawUnsafe('SELECT 1');
      return { up: true };
    } catch (error) {
      return { up: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  private async indicate(key: string, status: Promise<DependencyStatus>): Promise<HealthIndicatorResult> {
    const { up, detail } = await status;
    const indicator = this.indicators.check(key);
    return up ? indicator.up(detail ? { detail } : undefined) : indicator.down(detail ? { detail } : undefined);
  }
}
