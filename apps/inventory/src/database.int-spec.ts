import { readdirSync } from 'node:fs';
import path from 'node:path';
import { testInfra, unique } from '@surge/testing';
import { createInventoryDatabase } from './database';

describe('the inventory database', () => {
  const db = createInventoryDatabase(testInfra.databaseUrl('inventory'), 2);

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    const committed = readdirSync(path.join(__dirname, '../prisma/migrations')).filter((name) => /^\d{14}_/.test(name));
    const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    expect(applied.map((row) => row.migration_name).sort()).toEqual(committed.sort());
  });

  it('round-trips a write through the service role', async () => {
    const row = await db.product.create({
      data: { sku: unique('SKU'), name: 'Kettle', unitPrice: 2_500, currency: 'EUR', available: 7, stockAdded: 7 },
    });

    expect(await db.product.findUniqueOrThrow({ where: { sku: row.sku } })).toMatchObject({
      available: 7,
      reserved: 0,
      sold: 0,
      unitPrice: 2_500n,
    });
  });
});
