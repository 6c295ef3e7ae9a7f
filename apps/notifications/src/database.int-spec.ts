import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import path from 'node:path';
import { appliedMigrations, committedMigrations, testInfra, unique } from '@surge/testing';
import { createNotificationsDatabase } from './database';

describe('the notifications database', () => {
  const db = createNotificationsDatabase(createDatabasePool(testInfra.databaseUrl('notifications'), 2));

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    expect(await appliedMigrations(db)).toEqual(committedMigrations(path.join(__dirname, '..')));
  });

  it('round-trips a write through the service role', async () => {
    const row = await db.notification.create({
      data: {
        id: randomUUID(),
        customerId: unique('customer'),
        orderId: randomUUID(),
        type: 'ORDER_CONFIRMED',
        channel: 'log',
        status: 'SENT',
        subject: 'Order confirmed',
        body: 'Thank you',
        correlationId: randomUUID(),
      },
    });

    expect(await db.notification.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      type: 'ORDER_CONFIRMED',
      channel: 'log',
      subject: 'Order confirmed',
    });
  });
});
