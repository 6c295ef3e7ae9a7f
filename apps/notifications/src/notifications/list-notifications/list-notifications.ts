import { Injectable } from '@nestjs/common';
import type { NotificationView } from '../domain/notification';
import { NotificationsRepository } from '../notifications.repository';
import { DEFAULT_PAGE, type ListNotificationsQuery } from './list-notifications.dto';

/** Notifications matching every given filter, newest first, one page. */
@Injectable()
export class ListNotifications {
  constructor(private readonly notifications: NotificationsRepository) {}

  list(query: ListNotificationsQuery): Promise<NotificationView[]> {
    return this.notifications.list({
      customerId: query.customerId,
      orderId: query.orderId,
      type: query.type,
      limit: query.limit ?? DEFAULT_PAGE,
      offset: query.offset ?? 0,
    });
  }
}
