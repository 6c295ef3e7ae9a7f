import { PrismaPg } from '@prisma/adapter-pg';

/**
 * The driver adapter every service's Prisma client runs on (no query engine
 * binary). `max` bounds the connection pool per process.
 */
export function createPgAdapter(connectionString: string, max = 10): PrismaPg {
  return new PrismaPg({ connectionString, max });
}
