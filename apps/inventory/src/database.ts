import { createPgAdapter, type SqlClient } from '@surge/persistence';
import type { Pool } from 'pg';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/** The inventory service's own database; no other service reaches it. */
export type InventoryDatabase = PrismaClient;

/**
 * What TransactionRunner hands a unit of work: SQL on `pg` inside one transaction (SqlDatabase), without Prisma's
 * per-query planning. Prisma's own transactions (`db.$transaction`) give a Prisma.TransactionClient instead.
 */
export type InventoryTransaction = SqlClient;

/** Inside a Prisma transaction (`db.$transaction`): typed model queries, for the catalogue's REST use cases. */
export type InventoryPrismaTransaction = Prisma.TransactionClient;

/** The service's Prisma client over its pool (createDatabasePool); its $disconnect() ends the pool. */
export function createInventoryDatabase(pool: Pool): InventoryDatabase {
  return new PrismaClient({ adapter: createPgAdapter(pool) });
}
