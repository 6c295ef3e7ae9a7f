/** What a notification tells (docs/DESIGN.md, notifications). */
export const NOTIFICATION_TYPES = [
  'ORDER_CONFIRMED',
  'ORDER_REJECTED',
  'ORDER_CANCELLED',
  'PAYMENT_REFUNDED',
  'FRAUD_ALERT',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NOTIFICATION_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Who a notification is for. */
export type Audience = 'customer' | 'operations';

/** A notification rendered from one event, before it is stored. */
export interface NotificationDraft {
  readonly orderId: string;
  readonly customerId: string;
  readonly type: NotificationType;
  readonly channel: Audience;
  readonly subject: string;
  readonly body: string;
  readonly correlationId: string;
}

/** A stored notification as the API shows it. */
export interface NotificationView {
  readonly id: string;
  readonly customerId: string;
  readonly orderId: string;
  readonly type: NotificationType;
  readonly channel: string;
  readonly status: NotificationStatus;
  readonly createdAt: Date;
  readonly subject: string;
  readonly body: string;
}
