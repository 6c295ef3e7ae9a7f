import { type DynamicModule, Logger, Module } from '@nestjs/common';
import type { NotificationsConfig } from '../notifications.config';
import type { DeliveryChannel } from './channels/channel';
import { LogChannel } from './channels/log.channel';
import { SmtpChannel, smtpSettings } from './channels/smtp.channel';
import { WebhookChannel } from './channels/webhook.channel';
import {
  DELIVERY_CHANNELS,
  DISPATCH_OPTIONS,
  type DispatchOptions,
  NotificationDispatcher,
} from './deliver-notifications/deliver-notifications';
import { ListNotifications } from './list-notifications/list-notifications';
import { NotificationsController } from './list-notifications/list-notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { LifecycleEventsHandler } from './record-notifications/lifecycle-events.handler';
import { RecordNotifications } from './record-notifications/record-notifications';

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

/**
 * Notifications: recorded from lifecycle events, delivered after commit, listed over HTTP.
 * It publishes no events (no service reacts to a notification), so it has no notifications.events.ts.
 */
@Module({})
export class NotificationsModule {
  static register(config: NotificationsConfig): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [LifecycleEventsHandler, NotificationsController],
      providers: [
        { provide: DELIVERY_CHANNELS, useFactory: () => channelsFor(config) },
        { provide: DISPATCH_OPTIONS, useValue: dispatchOptions(config) },
        NotificationsRepository,
        NotificationDispatcher,
        RecordNotifications,
        ListNotifications,
      ],
    };
  }
}
