import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient } from 'pg';

/**
 * A service's connection pool: its Prisma client (through `createPgAdapter`)
 * and its SqlDatabase share it, so `max` bounds the connections per process.
 *
 * Connections that end while checked out are evicted here, for one repair:
 * Prisma 6.19 gives an interactive transaction's connection back to the pool
 * only after its COMMIT or ROLLBACK succeeded. When the server goes away
 * mid-transaction (a restart, a terminated session) both fail, the connection
 * is never given back, and every outage would shrink the pool for good (and
 * make $disconnect() wait forever). And a connection that the server cuts
 * must not take the process with it.
 */
export function createDatabasePool(connectionString: string, max = 10): Pool {
  const pool = new Pool({ connectionString, max });
  // A connection the server cuts (a restart, a terminated session) emits 'error' whether it is idle in the pool
  // (re-emitted on the pool) or checked out with no query running; unheard, either would crash the process.
  // The failure reaches the work through its query or COMMIT; here it is only noted, and the connection goes.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const checkedOut = new Map<PoolClient, () => void>();
  pool.on('acquire', (client) => {
    const evict = () => {
      if (!checkedOut.delete(client)) return;
      client.release(new Error('connection ended while checked out'));
    };
    checkedOut.set(client, evict);
    client.once('end', evict);
  });
  pool.on('release', (_error, client) => {
    const evict = checkedOut.get(client);
    if (!evict) return;
    checkedOut.delete(client);
    client.removeListener('end', evict);
  });
  return pool;
}

/**
 * The driver adapter every service's Prisma client runs on (no query engine
 * binary), over the service's pool. The client's `$disconnect()` ends the pool.
 */
export function createPgAdapter(pool: Pool): PrismaPg {
  // The adapter ships its own (newer) copy of pg's types; the pool is the same pg at run time.
  return new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], { disposeExternalPool: true });
}
