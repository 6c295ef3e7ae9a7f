import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceModule, type ServiceConfig } from '@surge/platform';
import { createNotificationsDatabase } from './database';
import { loadNotificationsConfig, type NotificationsConfig } from './notifications.config';
import { NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  /** `notifications` defaults to the process environment, read here once. */
  static register(
    config: ServiceConfig,
    notifications: NotificationsConfig = loadNotificationsConfig(),
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceModule.forRoot({ config, database: createNotificationsDatabase }),
        NotificationsModule.register(notifications),
      ],
    };
  }
}
