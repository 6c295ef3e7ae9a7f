import { type DynamicModule, Module } from '@nestjs/common';
import type { ConsoleConfig } from './console.config';
import { ConsumerLagController } from './consumer-lag/consumer-lag.controller';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { HealthController } from './health/health.controller';
import { OrdersFeed } from './orders/orders-feed';
import { OrdersController } from './orders/orders.controller';
import { StockController } from './stock/stock.controller';
import { CONSOLE_CONFIG } from './tokens';
import { Upstream } from './upstream/upstream';

@Module({})
export class AppModule {
  static register(config: ConsoleConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, OrdersController, DeadLettersController, ConsumerLagController, StockController],
      providers: [{ provide: CONSOLE_CONFIG, useValue: config }, Upstream, OrdersFeed],
    };
  }
}
