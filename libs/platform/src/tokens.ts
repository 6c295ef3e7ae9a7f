export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const DATABASE = Symbol('DATABASE');
/** The service's pg pool, shared by its Prisma client (DATABASE) and its SqlDatabase. */
export const DATABASE_POOL = Symbol('DATABASE_POOL');
