import { type DynamicModule, Logger, Module } from '@nestjs/common';
import type { NotificationsConfig } from '../notifications.config';
import type { DeliveryChannel } from './delivery/channel';
import {
  DELIVERY_CHANNELS,
  DISPATCH_OPTIONS,
  type DispatchOptions,
  NotificationDispatcher,
} from './delivery/dispatcher';
import { LogChannel } from './delivery/log.channel';
import { SmtpChannel, smtpSettings } from './delivery/smtp.channel';
import { WebhookChannel } from './delivery/webhook.channel';
import { ListNotifications } from './listing/list-notifications';
import { NotificationsController } from './listing/notifications.controller';
import { NotificationRepository } from './notification.repository';
import { LifecycleEventsController } from './recording/lifecycle-events.controller';
import { RecordNotifications } from './recording/record-notifications';

/** Channels in delivery order: `log` always, then those the config enables. */
export async function channelsFor(config: NotificationsConfig): Promise<DeliveryChannel[]> {
  const log = new Logger('Notifications');
  const channels: DeliveryChannel[] = [new LogChannel({ log: (entry) => log.log(entry) })];
  if (config.NOTIFICATIONS_WEBHOOK_URL) {
    channels.push(new WebhookChannel(config.NOTIFICATIONS_WEBHOOK_URL, config.NOTIFICATIONS_WEBHOOK_TIMEOUT_MS));
  }
  const smtp = smtpSettings(config);
  if (smtp) channels.push(await SmtpChannel.create(smtp));
  return channels;
}

export function dispatchOptions(config: NotificationsConfig): DispatchOptions {
  return {
    maxAttempts: config.NOTIFICATIONS_MAX_ATTEMPTS,
    initialDelayMs: config.NOTIFICATIONS_RETRY_INITIAL_MS,
    maxDelayMs: config.NOTIFICATIONS_RETRY_MAX_MS,
    pollIntervalMs: config.NOTIFICATIONS_POLL_INTERVAL_MS,
    batchSize: config.NOTIFICATIONS_DISPATCH_BATCH,
    leaseMs: config.NOTIFICATIONS_LEASE_MS,
  };
}

/** Notifications: recorded from lifecycle events, delivered after commit, listed over HTTP. */
@Module({})
export class NotificationsModule {
  static register(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [LifecycleEventsController, NotificationsController],
      providers: [
        { provide: DELIVERY_CHANNELS, useFactory: () => channelsFor(config) },
        { provide: DISPATCH_OPTIONS, useValue: dispatchOptions(config) },
        NotificationRepository,
        NotificationDispatcher,
        RecordNotifications,
        ListNotifications,
      ],
    };
  }
}
