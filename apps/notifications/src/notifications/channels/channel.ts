import type { Audience, NotificationType } from '../domain/notification';

export type ChannelName = 'log' | 'webhook' | 'smtp';

/** What a channel sends: a stored notification. */
export interface OutgoingNotification {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly correlationId: string;
  readonly type: NotificationType;
  readonly channel: Audience;
  readonly subject: string;
  readonly body: string;
  readonly createdAt: Date;
}

/**
 * A way out for notifications. `deliver` resolves once the channel accepted
 * the message and rejects otherwise; the dispatcher records either as an
 * attempt and retries rejected ones. Delivery is at least once: a channel may
 * see the same notification id again after a crash.
 */
export interface DeliveryChannel {
  readonly name: ChannelName;
  deliver(notification: OutgoingNotification): Promise<void>;
  close?(): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}
