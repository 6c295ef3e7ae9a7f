import { createPgAdapter } from '@surge/persistence';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/** The payments service's own database; no other service reaches it. */
export type PaymentsDatabase = PrismaClient;

/** The client inside a transaction (TransactionRunner hands it to a unit of work). */
export type PaymentsTransaction = Prisma.TransactionClient;

export function createPaymentsDatabase(url: string, poolSize: number): PaymentsDatabase {
  return new PrismaClient({ adapter: createPgAdapter(url, poolSize) });
}
