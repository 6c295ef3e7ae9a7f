import { createPgAdapter, type SqlClient } from '@surge/persistence';
import type { Pool } from 'pg';
import { PrismaClient } from './generated/prisma/client';

/** The payments service's own database; no other service reaches it. */
export type PaymentsDatabase = PrismaClient;

/**
 * What TransactionRunner hands a unit of work: SQL on `pg` inside one transaction (SqlDatabase), without Prisma's
 * per-query planning. Prisma's own transactions (`db.$transaction`) give a Prisma.TransactionClient instead.
 */
export type PaymentsTransaction = SqlClient;

/** The service's Prisma client over its pool (createDatabasePool); its $disconnect() ends the pool. */
export function createPaymentsDatabase(pool: Pool): PaymentsDatabase {
  return new PrismaClient({ adapter: createPgAdapter(pool) });
}
