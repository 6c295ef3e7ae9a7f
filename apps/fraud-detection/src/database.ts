import { createPgAdapter, type SqlClient } from '@surge/persistence';
import type { Pool } from 'pg';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/** The fraud-detection service's own database; no other service reaches it. */
export type FraudDetectionDatabase = PrismaClient;

/**
 * What TransactionRunner hands a unit of work: SQL on `pg` inside one transaction (SqlDatabase), without Prisma's
 * per-query planning. Prisma's own transactions (`db.$transaction`) give a Prisma.TransactionClient instead.
 */
export type FraudDetectionTransaction = SqlClient;

/** Inside a Prisma transaction (`db.$transaction`): typed model queries, for the rules' and blocklist's REST use cases. */
export type FraudDetectionPrismaTransaction = Prisma.TransactionClient;

/** The service's Prisma client over its pool (createDatabasePool); its $disconnect() ends the pool. */
export function createFraudDetectionDatabase(pool: Pool): FraudDetectionDatabase {
  return new PrismaClient({ adapter: createPgAdapter(pool) });
}
