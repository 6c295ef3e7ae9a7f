import path from 'node:path';
import { createDatabasePool } from '@surge/persistence';
import { appliedMigrations, committedMigrations, testInfra, unique } from '@surge/testing';
import { createInventoryDatabase } from './database';

describe('the inventory database', () => {
  const db = createInventoryDatabase(createDatabasePool(testInfra.databaseUrl('inventory'), 2));

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    expect(await appliedMigrations(db)).toEqual(committedMigrations(path.join(__dirname, '..')));
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
