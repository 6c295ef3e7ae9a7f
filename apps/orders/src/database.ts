import { createPgAdapter } from '@surge/persistence';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/** The orders service's own database; no other service reaches it. */
export type OrdersDatabase = PrismaClient;

/** The client inside a transaction (TransactionRunner hands it to a unit of work). */
export type OrdersTransaction = Prisma.TransactionClient;

export function createOrdersDatabase(url: string, poolSize: number): OrdersDatabase {
  return new PrismaClient({ adapter: createPgAdapter(url, poolSize) });
}
