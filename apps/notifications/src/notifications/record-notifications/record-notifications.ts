import { Injectable, Logger } from '@nestjs/common';
import type { DeliveredOn } from '@surge/messaging';
import type { Topic } from '@surge/contracts';
import { TransactionRunner } from '@surge/persistence';
import type { NotificationsTransaction } from '../../database';
import { NotificationDispatcher } from '../deliver-notifications/deliver-notifications';
import type { NotificationDraft } from '../domain/notification';
import { NotificationsRepository } from '../notifications.repository';

/**
 * Stores the notifications a batch of events asks for, in one transaction
 * with the batch's inbox marks, then wakes the dispatcher: delivery happens
 * after commit. The (order, type) constraint makes a second event of the same
 * kind for an order (a redelivery under a new id) change nothing.
 */
@Injectable()
export class RecordNotifications {
  private readonly log = new Logger('RecordNotifications');

  constructor(
    private readonly transactions: TransactionRunner<NotificationsTransaction>,
    private readonly notifications: NotificationsRepository,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  async record<T extends Topic>(
    batch: DeliveredOn<T>[],
    render: (event: DeliveredOn<T>['event']) => NotificationDraft | null,
  ): Promise<void> {
    let stored = 0;
    let drafts: NotificationDraft[] = [];
    await this.transactions.consume(batch, async (tx, fresh) => {
      drafts = fresh.map((delivered) => render(delivered.event)).filter((draft) => draft !== null);
      stored = await this.notifications.insertNew(tx, drafts);
    });
    for (const draft of drafts) {
      this.log.log({
        msg: 'notification rendered',
        orderId: draft.orderId,
        correlationId: draft.correlationId,
        type: draft.type,
      });
    }
    if (stored > 0) this.dispatcher.wake();
  }
}
