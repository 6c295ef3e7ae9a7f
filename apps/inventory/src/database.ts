import { createPgAdapter } from '@surge/persistence';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/** The inventory service's own database; no other service reaches it. */
export type InventoryDatabase = PrismaClient;

/** The client inside a transaction (TransactionRunner hands it to a unit of work). */
export type InventoryTransaction = Prisma.TransactionClient;

export function createInventoryDatabase(url: string, poolSize: number): InventoryDatabase {
  return new PrismaClient({ adapter: createPgAdapter(url, poolSize) });
}
