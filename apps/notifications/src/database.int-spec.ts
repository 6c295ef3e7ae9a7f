import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { testInfra, unique } from '@surge/testing';
import { createNotificationsDatabase } from './database';

describe('the notifications database', () => {
  const db = createNotificationsDatabase(testInfra.databaseUrl('notifications'), 2);

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    const committed = readdirSync(path.join(__dirname, '../prisma/migrations')).filter((name) => /^\d{14}_/.test(name));
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    expect(applied.map((row) => row.migration_name).sort()).toEqual(committed.sort());
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
