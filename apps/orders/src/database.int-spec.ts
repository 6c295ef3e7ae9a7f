import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import path from 'node:path';
import { appliedMigrations, committedMigrations, testInfra, unique } from '@surge/testing';
import { createOrdersDatabase } from './database';

describe('the orders database', () => {
  const db = createOrdersDatabase(createDatabasePool(testInfra.databaseUrl('orders'), 2));

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    expect(await appliedMigrations(db)).toEqual(committedMigrations(path.join(__dirname, '..')));
  });

  it('round-trips a write through the service role', async () => {
    const row = await db.order.create({
      data: {
        id: randomUUID(),
        customerId: unique('customer'),
        status: 'PENDING',
        totalAmount: 12_345,
        currency: 'EUR',
        cardFingerprint: 'a'.repeat(64),
        cardCountry: 'DE',
        shippingAddress: { country: 'DE' },
        correlationId: randomUUID(),
      },
    });

    expect(await db.order.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'PENDING',
      totalAmount: 12_345n,
    });
  });
});
