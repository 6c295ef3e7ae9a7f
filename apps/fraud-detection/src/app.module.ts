import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule, type ServiceConfig } from '@surge/platform';
import { BlocklistModule } from './blocklist/blocklist.module';
import { ChecksModule } from './checks/checks.module';
import { createFraudDetectionDatabase } from './database';
import { RulesModule } from './rules/rules.module';

@Module({})
export class AppModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      // Rules, blocklist, checks: the order of their routes in the OpenAPI document.
      imports: [
        ServiceModule.forRoot({ config, database: createFraudDetectionDatabase }),
        RulesModule,
        BlocklistModule,
        ChecksModule,
      ],
    };
  }
}
