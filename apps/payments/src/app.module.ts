import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule, type ServiceConfig } from '@surge/platform';
import { createPaymentsDatabase } from './database';
import { PaymentsModule } from './payments/payments.module';

@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ config, database: createPaymentsDatabase }), PaymentsModule],
    };
  }
}
