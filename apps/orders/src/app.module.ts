import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule, type ServiceConfig } from '@surge/platform';
import { createOrdersDatabase } from './database';
import { loadOrdersConfig, type OrdersConfig } from './orders.config';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  /** `orders` defaults to the process environment, read here once. */
  static register(config: ServiceConfig, orders: OrdersConfig = loadOrdersConfig()): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ config, database: createOrdersDatabase }), OrdersModule.register(orders)],
    };
  }
}
