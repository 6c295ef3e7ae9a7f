import { createPgAdapter } from '@surge/persistence';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/** The notifications service's own database; no other service reaches it. */
export type NotificationsDatabase = PrismaClient;

/** The client inside a transaction (TransactionRunner hands it to a unit of work). */
export type NotificationsTransaction = Prisma.TransactionClient;

export function createNotificationsDatabase(url: string, poolSize: number): NotificationsDatabase {
  return new PrismaClient({ adapter: createPgAdapter(url, poolSize) });
}
