import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE } from '@surge/platform';
import type { NotificationsDatabase, NotificationsTransaction } from '../database';
import type { ChannelName, OutgoingNotification } from './delivery/channel';
import type { Audience, NotificationDraft, NotificationType, NotificationView } from './domain/notification';

export interface NotificationFilter {
  readonly customerId?: string;
  readonly orderId?: string;
  readonly type?: NotificationType;
  readonly limit: number;
  readonly offset: number;
}

/** A notification claimed for one delivery round. */
export interface ClaimedNotification extends OutgoingNotification {
  /** The round number (1 = first). */
  readonly attempt: number;
  /** Channels that took it in an earlier round: not sent again. */
  readonly deliveredOn: ReadonlySet<ChannelName>;
}

export interface ChannelOutcome {
  readonly channel: ChannelName;
  readonly error?: string;
}

/** How a round ends: SENT, FAILED for good, or PENDING again after `retryInMs`. */
export type RoundResult = { status: 'SENT' } | { status: 'FAILED' } | { status: 'PENDING'; retryInMs: number };

interface ClaimedRow {
  id: string;
  order_id: string;
  customer_id: string;
  correlation_id: string;
  type: NotificationType;
  channel: Audience;
  subject: string;
  body: string;
  created_at: Date;
  attempts: number;
}

/** The one place that reads and writes notifications and their delivery attempts. */
@Injectable()
export class NotificationRepository {
  constructor(@Inject(DATABASE) private readonly db: NotificationsDatabase) {}

  /** Stores drafts as PENDING; a draft whose (order, type) is stored already is dropped. Returns how many were new. */
  async insertNew(tx: NotificationsTransaction, drafts: readonly NotificationDraft[]): Promise<number> {
    if (drafts.length === 0) return 0;
    const { count } = await tx.notification.createMany({
      data: drafts.map((draft) => ({ id: randomUUID(), ...draft })),
      skipDuplicates: true,
    });
    return count;
  }

  async list(filter: NotificationFilter): Promise<NotificationView[]> {
    return this.db.notification.findMany({
      where: { customerId: filter.customerId, orderId: filter.orderId, type: filter.type },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: filter.offset,
      take: filter.limit,
      select: {
        id: true,
        customerId: true,
        orderId: true,
        type: true,
        channel: true,
        status: true,
        createdAt: true,
        subject: true,
        body: true,
      },
    });
  }

  /**
   * Claims up to `limit` due PENDING notifications for one round each: the
   * round number goes up and the notification is leased for `leaseMs`, so
   * no other dispatcher takes it meanwhile (rows locked by a concurrent
   * claim are skipped, not waited for). A dispatcher that dies mid-round
   * loses the lease and the round is tried again.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedNotification[]> {
    const rows = await this.db.$queryRaw<ClaimedRow[]>`
      UPDATE notifications AS n
      SET attempts = n.attempts + 1,
          next_attempt_at = now() + ${leaseMs}::int * interval '1 millisecond',
          updated_at = now()
      FROM (
        SELECT id FROM notifications
        WHERE status = 'PENDING' AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT ${limit}::int
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE n.id = due.id
      RETURNING n.id, n.order_id, n.customer_id, n.correlation_id, n.type::text AS type, n.channel,
                n.subject, n.body, n.created_at, n.attempts`;
    if (rows.length === 0) return [];
    const delivered = await this.db.deliveryAttempt.findMany({
      where: { notificationId: { in: rows.map((row) => row.id) }, outcome: 'SENT' },
      select: { notificationId: true, channel: true },
    });
    return rows.map((row) => ({
      id: row.id,
      orderId: row.order_id,
      customerId: row.customer_id,
      correlationId: row.correlation_id,
      type: row.type,
      channel: row.channel,
      subject: row.subject,
      body: row.body,
      createdAt: row.created_at,
      attempt: row.attempts,
      deliveredOn: new Set(delivered.filter((d) => d.notificationId === row.id).map((d) => d.channel as ChannelName)),
    }));
  }

  /**
   * Records a round's attempts and its result together. A round whose lease
   * ran out and was claimed again meanwhile records its attempts but leaves
   * the status to the newer round.
   */
  async recordRound(
    claimed: ClaimedNotification,
    outcomes: readonly ChannelOutcome[],
    result: RoundResult,
  ): Promise<void> {
    const retryInMs = result.status === 'PENDING' ? result.retryInMs : 0;
    await this.db.$transaction([
      this.db.deliveryAttempt.createMany({
        data: outcomes.map((outcome) => ({
          notificationId: claimed.id,
          attempt: claimed.attempt,
          channel: outcome.channel,
          outcome: outcome.error === undefined ? 'SENT' : 'FAILED',
          error: outcome.error ?? null,
        })),
        skipDuplicates: true,
      }),
      this.db.$executeRaw`
        UPDATE notifications
        SET status = ${result.status}::"NotificationStatus",
            next_attempt_at = now() + ${retryInMs}::int * interval '1 millisecond',
            updated_at = now()
        WHERE id = ${claimed.id}::uuid AND attempts = ${claimed.attempt}::int AND status = 'PENDING'`,
    ]);
  }
}
