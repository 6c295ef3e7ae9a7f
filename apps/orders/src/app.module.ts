import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule, type ServiceConfig } from '@surge/platform';
import { createOrdersDatabase } from './database';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ config, database: createOrdersDatabase }), OrdersModule],
    };
  }
}
