import { createPgAdapter } from '@surge/persistence';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/** The fraud-detection service's own database; no other service reaches it. */
export type FraudDetectionDatabase = PrismaClient;

/** The client inside a transaction (TransactionRunner hands it to a unit of work). */
export type FraudDetectionTransaction = Prisma.TransactionClient;

export function createFraudDetectionDatabase(url: string, poolSize: number): FraudDetectionDatabase {
  return new PrismaClient({ adapter: createPgAdapter(url, poolSize) });
}
