import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule, type ServiceConfig } from '@surge/platform';
import { createOrdersDatabase } from './database';

@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ config, database: createOrdersDatabase })],
    };
  }
}
