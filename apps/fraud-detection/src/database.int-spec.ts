import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import path from 'node:path';
import { appliedMigrations, committedMigrations, testInfra, unique } from '@surge/testing';
import { createFraudDetectionDatabase } from './database';

describe('the fraud-detection database', () => {
  const db = createFraudDetectionDatabase(createDatabasePool(testInfra.databaseUrl('fraud-detection'), 2));

  afterAll(() => db.$disconnect());

  it('has every committed migration applied', async () => {
    expect(await appliedMigrations(db)).toEqual(committedMigrations(path.join(__dirname, '..')));
  });

  it('round-trips a write through the service role', async () => {
    const row = await db.fraudCheck.create({
      data: {
        orderId: randomUUID(),
        customerId: unique('customer'),
        cardFingerprint: 'b'.repeat(64),
        decision: 'APPROVED',
        score: 12,
        reasons: [],
        totalAmount: 9_007_199_254_740_991n,
        currency: 'EUR',
        cardCountry: 'DE',
        shippingCountry: 'FR',
        occurredAt: new Date('2026-01-31T12:00:00.123Z'),
      },
    });

    expect(await db.fraudCheck.findUniqueOrThrow({ where: { orderId: row.orderId } })).toMatchObject({
      decision: 'APPROVED',
      score: 12,
      reasons: [],
      totalAmount: 9_007_199_254_740_991n,
      occurredAt: new Date('2026-01-31T12:00:00.123Z'),
    });
  });
});
