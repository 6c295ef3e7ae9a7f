import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { testInfra } from '@surge/testing';
import { createPaymentsDatabase } from './database';

describe('the payments database', () => {
  const db = createPaymentsDatabase(testInfra.databaseUrl('payments'), 2);

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    const committed = readdirSync(path.join(__dirname, '../prisma/migrations')).filter((name) => /^\d{14}_/.test(name));
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    expect(applied.map((row) => row.migration_name).sort()).toEqual(committed.sort());
  });

  it('round-trips a write through the service role', async () => {
    const row = await db.payment.create({
      data: {
        orderId: randomUUID(),
        paymentId: randomUUID(),
        customerId: 'customer-db-it',
        status: 'AUTHORIZED',
        amount: 9_900,
        currency: 'USD',
      },
    });

    expect(await db.payment.findUniqueOrThrow({ where: { orderId: row.orderId } })).toMatchObject({
      status: 'AUTHORIZED',
      amount: 9_900n,
    });
  });
});
