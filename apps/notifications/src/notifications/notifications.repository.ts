import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SqlDatabase } from '@surge/persistence';
import { DATABASE } from '@surge/platform';
import type { NotificationsDatabase, NotificationsTransaction } from '../database';
import type { ChannelName, OutgoingNotification } from './channels/channel';
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

/** One claimed notification's round: what each channel said, and how the round ends. */
export interface DeliveryRound {
  readonly claimed: ClaimedNotification;
  readonly outcomes: readonly ChannelOutcome[];
  readonly result: RoundResult;
}

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

/**
 * The one place that reads and writes notifications and their delivery attempts: SQL for recording and delivery
 * (every order passes through them), Prisma for the REST listing.
 */
@Injectable()
export class NotificationsRepository {
  constructor(
    @Inject(DATABASE) private readonly db: NotificationsDatabase,
    private readonly sql: SqlDatabase,
  ) {}

  /** Stores drafts as PENDING; a draft whose (order, type) is stored already is dropped. Returns how many were new. */
  async insertNew(tx: NotificationsTransaction, drafts: readonly NotificationDraft[]): Promise<number> {
    if (drafts.length === 0) return 0;
    return tx.$executeRawUnsafe(
      `INSERT INTO notifications (id, order_id, customer_id, type, channel, subject, body, correlation_id)
       SELECT d.id, d.order_id, d.customer_id, d.type::"NotificationType", d.channel, d.subject, d.body, d.correlation_id
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS d(id, order_id, customer_id, type, channel, subject, body, correlation_id)
       ON CONFLICT DO NOTHING`,
      drafts.map(() => randomUUID()),
      drafts.map((draft) => draft.orderId),
      drafts.map((draft) => draft.customerId),
      drafts.map((draft) => draft.type),
      drafts.map((draft) => draft.channel),
      drafts.map((draft) => draft.subject),
      drafts.map((draft) => draft.body),
      drafts.map((draft) => draft.correlationId),
    );
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
    const rows = await this.sql.$queryRawUnsafe<ClaimedRow[]>(
      `UPDATE notifications AS n
       SET attempts = n.attempts + 1,
           next_attempt_at = now() + $1::int * interval '1 millisecond',
           updated_at = now()
       FROM (
         SELECT id FROM notifications
         WHERE status = 'PENDING' AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $2::int
         FOR UPDATE SKIP LOCKED
       ) AS due
       WHERE n.id = due.id
       RETURNING n.id::text AS id, n.order_id, n.customer_id, n.correlation_id, n.type::text AS type, n.channel,
                 n.subject, n.body, n.created_at, n.attempts`,
      leaseMs,
      limit,
    );
    if (rows.length === 0) return [];
    const delivered = await this.sql.$queryRawUnsafe<{ notificationId: string; channel: string }[]>(
      `SELECT notification_id::text AS "notificationId", channel FROM delivery_attempts
       WHERE notification_id = ANY($1::uuid[]) AND outcome = 'SENT'`,
      rows.map((row) => row.id),
    );
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
   * Records rounds' attempts and results together, in one transaction. A
   * round whose lease ran out and was claimed again meanwhile records its
   * attempts but leaves the status to the newer round.
   */
  async recordRounds(unordered: readonly DeliveryRound[]): Promise<void> {
    if (unordered.length === 0) return;
    // In id order, so that concurrent records lock their rows in the same order.
    const rounds = [...unordered].sort((a, b) => (a.claimed.id < b.claimed.id ? -1 : 1));
    const attempts = rounds.flatMap(({ claimed, outcomes }) => outcomes.map((outcome) => ({ claimed, outcome })));
    await this.sql.$transaction(async (tx) => {
      if (attempts.length > 0) {
        await tx.$executeRawUnsafe(
          `INSERT INTO delivery_attempts (notification_id, attempt, channel, outcome, error)
           SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[])
           ON CONFLICT DO NOTHING`,
          attempts.map(({ claimed }) => claimed.id),
          attempts.map(({ claimed }) => claimed.attempt),
          attempts.map(({ outcome }) => outcome.channel),
          attempts.map(({ outcome }) => (outcome.error === undefined ? 'SENT' : 'FAILED')),
          attempts.map(({ outcome }) => outcome.error ?? null),
        );
      }
      await tx.$executeRawUnsafe(
        `UPDATE notifications AS n
         SET status = r.status::"NotificationStatus",
             next_attempt_at = now() + r.retry_in_ms * interval '1 millisecond',
             updated_at = now()
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[]) AS r(id, attempt, status, retry_in_ms)
         WHERE n.id = r.id AND n.attempts = r.attempt AND n.status = 'PENDING'`,
        rounds.map(({ claimed }) => claimed.id),
        rounds.map(({ claimed }) => claimed.attempt),
        rounds.map(({ result }) => result.status),
        rounds.map(({ result }) => (result.status === 'PENDING' ? result.retryInMs : 0)),
      );
    });
  }
}
