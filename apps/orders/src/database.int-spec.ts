import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { testInfra, unique } from '@surge/testing';
import { createOrdersDatabase } from './database';

describe('the orders database', () => {
  const db = createOrdersDatabase(testInfra.databaseUrl('orders'), 2);

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    const committed = readdirSync(path.join(__dirname, '../prisma/migrations')).filter((name) => /^\d{14}_/.test(name));
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    expect(applied.map((row) => row.migration_name).sort()).toEqual(committed.sort());
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
