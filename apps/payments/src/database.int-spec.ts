import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import path from 'node:path';
import { appliedMigrations, committedMigrations, testInfra } from '@surge/testing';
import { createPaymentsDatabase } from './database';

describe('the payments database', () => {
  const db = createPaymentsDatabase(createDatabasePool(testInfra.databaseUrl('payments'), 2));

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    expect(await appliedMigrations(db)).toEqual(committedMigrations(path.join(__dirname, '..')));
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
