import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule, type ServiceConfig } from '@surge/platform';
import { createFraudDetectionDatabase } from './database';
import { FraudDetectionModule } from './fraud-detection.module';

@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceModule.forRoot({ config, database: createFraudDetectionDatabase }), FraudDetectionModule],
    };
  }
}
