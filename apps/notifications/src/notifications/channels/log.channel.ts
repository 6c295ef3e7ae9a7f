import type { DeliveryChannel, OutgoingNotification } from './channel';

export interface StructuredLogger {
  log(entry: Record<string, unknown>): void;
}

/** Writes each notification as one structured log line; always configured. */
export class LogChannel implements DeliveryChannel {
  readonly name = 'log';

  constructor(private readonly logger: StructuredLogger) {}

  deliver(notification: OutgoingNotification): Promise<void> {
    this.logger.log({
      msg: 'notification',
      notificationId: notification.id,
      orderId: notification.orderId,
      correlationId: notification.correlationId,
      customerId: notification.customerId,
      type: notification.type,
      recipient: notification.channel,
      subject: notification.subject,
      body: notification.body,
    });
    return Promise.resolve();
  }
}
