import type {
  ChannelOutcome,
  ClaimedNotification,
  DeliveryRound,
  NotificationsRepository,
  RoundResult,
} from '../notifications.repository';
import { type ChannelName, DeliveryError, type DeliveryChannel } from '../channels/channel';
import { NotificationDispatcher } from './deliver-notifications';

const options = {
  maxAttempts: 3,
  initialDelayMs: 100,
  maxDelayMs: 1_000,
  pollIntervalMs: 50,
  batchSize: 10,
  leaseMs: 1_000,
};

function claimed(attempt: number, deliveredOn: ChannelName[] = []): ClaimedNotification {
  return {
    id: 'n-1',
    orderId: 'order-1',
    customerId: 'cust-1',
    correlationId: 'corr-1',
    type: 'ORDER_CONFIRMED',
    channel: 'customer',
    subject: 'subject',
    body: 'body',
    createdAt: new Date(0),
    attempt,
    deliveredOn: new Set(deliveredOn),
  };
}

function channel(name: ChannelName, fails = false): DeliveryChannel & { sent: string[] } {
  const sent: string[] = [];
  return {
    name,
    sent,
    deliver: (notification) => {
      sent.push(notification.id);
      return fails ? Promise.reject(new DeliveryError(`${name} down`)) : Promise.resolve();
    },
  };
}

/** Runs one dispatch round over the given claimed notification; returns what was recorded. */
async function round(notification: ClaimedNotification, channels: DeliveryChannel[]) {
  const recorded: { outcomes: readonly ChannelOutcome[]; result: RoundResult }[] = [];
  const repository = {
    claimDue: () => Promise.resolve([notification]),
    recordRounds: (rounds: readonly DeliveryRound[]) => {
      recorded.push(...rounds.map(({ outcomes, result }) => ({ outcomes, result })));
      return Promise.resolve();
    },
  } as unknown as NotificationsRepository;
  await new NotificationDispatcher(repository, channels, options).dispatchDue();
  return recorded;
}

describe('a delivery round', () => {
  it('is SENT when every channel takes the notification', async () => {
    expect(await round(claimed(1), [channel('log'), channel('webhook')])).toEqual([
      { outcomes: [{ channel: 'log' }, { channel: 'webhook' }], result: { status: 'SENT' } },
    ]);
  });

  it('schedules a retry with backoff when a channel fails and rounds are left', async () => {
    expect(await round(claimed(2), [channel('log'), channel('webhook', true)])).toEqual([
      {
        outcomes: [{ channel: 'log' }, { channel: 'webhook', error: 'webhook down' }],
        result: { status: 'PENDING', retryInMs: 200 },
      },
    ]);
  });

  it('is FAILED when the last round fails', async () => {
    expect((await round(claimed(3), [channel('webhook', true)]))[0].result).toEqual({ status: 'FAILED' });
  });

  it('does not send again through a channel that took the notification in an earlier round', async () => {
    const log = channel('log');
    const webhook = channel('webhook');

    const recorded = await round(claimed(2, ['log']), [log, webhook]);

    expect(log.sent).toEqual([]);
    expect(webhook.sent).toEqual(['n-1']);
    expect(recorded[0]).toEqual({ outcomes: [{ channel: 'webhook' }], result: { status: 'SENT' } });
  });
});
