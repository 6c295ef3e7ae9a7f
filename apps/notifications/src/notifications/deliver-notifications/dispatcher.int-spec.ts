import { randomUUID } from 'node:crypto';
import { createDatabasePool, SqlDatabase } from '@surge/persistence';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { eventually, testInfra, unique } from '@surge/testing';
import { Client } from 'pg';
import { createNotificationsDatabase, type NotificationsDatabase } from '../../database';
import type { NotificationDraft } from '../domain/notification';
import type { DeliveryChannel } from '../channels/channel';
import { LogChannel } from '../channels/log.channel';
import { WebhookChannel } from '../channels/webhook.channel';
import { NotificationsRepository } from '../notifications.repository';
import { type DispatchOptions, NotificationDispatcher } from './deliver-notifications';

/**
 * A database of its own: the service's shared test database has other
 * dispatchers (other test files' apps) that would deliver these rows without
 * the webhook.
 */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = unique('notifications_dispatch')
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase();
  const admin = new Client({ connectionString: testInfra.adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(testInfra.adminUrl());
  url.pathname = `/${name}`;
  const migrations = path.join(__dirname, '../../../prisma/migrations');
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  for (const dir of readdirSync(migrations)
    .filter((entry) => /^\d{14}_/.test(entry))
    .sort()) {
    await client.query(readFileSync(path.join(migrations, dir, 'migration.sql'), 'utf8'));
  }
  await client.end();
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new Client({ connectionString: testInfra.adminUrl() });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

/** A webhook receiver on 127.0.0.1 answering each request with the next status (the last one repeats). */
async function webhookAnswering(
  ...statuses: number[]
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      response.statusCode = statuses[Math.min(received.length, statuses.length) - 1];
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('delivering stored notifications', () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: NotificationsDatabase;
  let repository: NotificationsRepository;
  const running: NotificationDispatcher[] = [];
  const logged: Record<string, unknown>[] = [];

  const options: DispatchOptions = {
    maxAttempts: 3,
    initialDelayMs: 20,
    maxDelayMs: 200,
    pollIntervalMs: 25,
    batchSize: 10,
    leaseMs: 30_000,
  };

  beforeAll(async () => {
    database = await freshDatabase();
    const pool = createDatabasePool(database.url, 4);
    db = createNotificationsDatabase(pool);
    repository = new NotificationsRepository(db, new SqlDatabase(pool));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((dispatcher) => dispatcher.beforeApplicationShutdown()));
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const given = {
    async stored(count = 1): Promise<string[]> {
      const drafts: NotificationDraft[] = Array.from({ length: count }, () => ({
        orderId: randomUUID(),
        customerId: unique('customer'),
        correlationId: randomUUID(),
        type: 'ORDER_CONFIRMED',
        channel: 'customer',
        subject: 'Your order is confirmed',
        body: 'Thank you for your order.',
      }));
      await db.$transaction((tx) => repository.insertNew(tx, drafts));
      const rows = await db.notification.findMany({ where: { orderId: { in: drafts.map((d) => d.orderId) } } });
      return rows.map((row) => row.id);
    },
    dispatcher(webhookUrl?: string): NotificationDispatcher {
      const channels: DeliveryChannel[] = [new LogChannel({ log: (entry) => logged.push(entry) })];
      if (webhookUrl) channels.push(new WebhookChannel(webhookUrl, 2_000));
      const dispatcher = new NotificationDispatcher(repository, channels, options);
      dispatcher.onApplicationBootstrap();
      running.push(dispatcher);
      return dispatcher;
    },
  };

  const attemptsOf = (id: string) =>
    db.deliveryAttempt.findMany({ where: { notificationId: id }, orderBy: [{ attempt: 'asc' }, { channel: 'asc' }] });

  it('retries a failing webhook with backoff until it takes the notification, then marks it SENT', async () => {
    const webhook = await webhookAnswering(503, 500, 204);
    try {
      const [id] = await given.stored();
      given.dispatcher(webhook.url);

      await eventually(
        async () =>
          expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
            status: 'SENT',
            attempts: 3,
          }),
        { timeoutMs: 10_000, description: 'the notification SENT after three rounds' },
      );
      expect((await attemptsOf(id)).map((a) => [a.attempt, a.channel, a.outcome, a.error])).toEqual([
        [1, 'log', 'SENT', null],
        [1, 'webhook', 'FAILED', 'webhook answered 503'],
        [2, 'webhook', 'FAILED', 'webhook answered 500'],
        [3, 'webhook', 'SENT', null],
      ]);
      expect(webhook.received).toHaveLength(3);
      expect(webhook.received[2].headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': id });
      expect(webhook.received[2].body).toMatchObject({
        id,
        type: 'ORDER_CONFIRMED',
        subject: 'Your order is confirmed',
      });
      // The log channel took it in the first round and is not repeated.
      expect(logged.filter((entry) => entry.notificationId === id)).toHaveLength(1);
    } finally {
      await webhook.close();
    }
  });

  it('marks a notification FAILED when the attempts run out', async () => {
    const webhook = await webhookAnswering(503);
    try {
      const [id] = await given.stored();
      given.dispatcher(webhook.url);

      await eventually(
        async () =>
          expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
            status: 'FAILED',
            attempts: 3,
          }),
        { timeoutMs: 10_000, description: 'the notification FAILED after three rounds' },
      );
      expect((await attemptsOf(id)).filter((a) => a.channel === 'webhook').map((a) => a.outcome)).toEqual([
        'FAILED',
        'FAILED',
        'FAILED',
      ]);
      expect(webhook.received).toHaveLength(3);
    } finally {
      await webhook.close();
    }
  });

  it('records an unreachable webhook as a failed attempt', async () => {
    const webhook = await webhookAnswering(204);
    await webhook.close();
    const [id] = await given.stored();
    given.dispatcher(webhook.url);

    await eventually(
      async () => expect((await attemptsOf(id)).filter((a) => a.channel === 'webhook')).toHaveLength(3),
      { timeoutMs: 10_000, description: 'three failed webhook attempts' },
    );
    expect((await attemptsOf(id)).find((a) => a.channel === 'webhook')?.error).toMatch(/^webhook unreachable: /);
  });

  it('delivers each notification once when several dispatchers share the work', async () => {
    const webhook = await webhookAnswering(204);
    try {
      const ids = await given.stored(25);
      given.dispatcher(webhook.url);
      given.dispatcher(webhook.url);
      given.dispatcher(webhook.url);

      await eventually(
        async () =>
          expect(await db.notification.count({ where: { id: { in: ids }, status: 'SENT' } })).toBe(ids.length),
        { timeoutMs: 10_000, description: 'every notification SENT' },
      );
      const delivered = webhook.received.map((request) => request.body.id as string);
      expect(delivered.sort()).toEqual([...ids].sort());
    } finally {
      await webhook.close();
    }
  });
});
