import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { StackError } from './errors';

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,40}$/;

/** `fraud-detection` -> `surge_fraud_detection`: the database and its owning role share the name. */
export function databaseNameFor(service: string): string {
  if (!SERVICE_NAME.test(service)) {
    throw new StackError(
      `"${service}" is not a valid service name for a database (lower-case letters, digits and dashes)`,
    );
  }
  return `surge_${service.replace(/-/g, '_')}`;
}

/** `fraud-detection` -> `FRAUD_DETECTION`, for environment variable names. */
export function upperSnake(service: string): string {
  return service.replace(/-/g, '_').toUpperCase();
}

/**
 * Development password for a service role: stable across restarts (so existing
 * clusters keep working) and different per role. Not a secret: local use only.
 */
export function defaultPasswordFor(roleName: string): string {
  return `dev-${createHash('sha256').update(`surge:${roleName}`).digest('hex').slice(0, 24)}`;
}

export interface ProvisionOptions {
  /** Passwords by service; otherwise SURGE_DB_PASSWORD_<SERVICE> or the dev default. */
  passwords?: Readonly<Record<string, string>>;
  env?: NodeJS.ProcessEnv;
}

function passwordFor(service: string, options: ProvisionOptions): string {
  return (
    options.passwords?.[service] ??
    (options.env ?? process.env)[`SURGE_DB_PASSWORD_${upperSnake(service)}`] ??
    defaultPasswordFor(databaseNameFor(service))
  );
}

/** The service's own URL: same server as the admin URL, its role, its database. */
export function serviceDatabaseUrl(adminUrl: string, service: string, password: string): string {
  const url = new URL(adminUrl);
  const name = databaseNameFor(service);
  url.username = name;
  url.password = encodeURIComponent(password);
  url.pathname = `/${name}`;
  return url.toString();
}

// Any constant works: it only serialises concurrent provisioning runs on one server.
const PROVISION_LOCK = 0x5355_5247;

const DUPLICATE_DATABASE = '42P04';
const DUPLICATE_ROLE = '42710';

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * One database and one LOGIN role per service: the role owns its database and
 * is the only non-superuser that may connect to it (CONNECT is revoked from
 * PUBLIC). Idempotent: run on every start; passwords are reset to the configured ones.
 * Returns each service's database URL.
 */
export async function provisionDatabases(
  adminUrl: string,
  services: readonly string[],
  options: ProvisionOptions = {},
): Promise<Record<string, string>> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  const urls: Record<string, string> = {};
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PROVISION_LOCK]);
    for (const service of services) {
      const name = databaseNameFor(service);
      const role = client.escapeIdentifier(name);
      const password = passwordFor(service, options);
      // DDL takes no bind parameters: the password goes in as an escaped literal.
      const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${client.escapeLiteral(password)}`;
      const roleExists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount === 1;
      if (roleExists) {
        await client.query(`ALTER ROLE ${role} WITH ${attributes}`);
      } else {
        await client.query(`CREATE ROLE ${role} WITH ${attributes}`).catch((error: unknown) => {
          if (pgCode(error) !== DUPLICATE_ROLE) throw error;
        });
      }
      const databaseExists =
        (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
      if (databaseExists) {
        await client.query(`ALTER DATABASE ${role} OWNER TO ${role}`);
      } else {
        await client
          .query(`CREATE DATABASE ${role} OWNER ${role} ENCODING 'UTF8' TEMPLATE template0`)
          .catch((error: unknown) => {
            if (pgCode(error) !== DUPLICATE_DATABASE) throw error;
          });
      }
      // Other service roles (members of PUBLIC) may neither connect nor create temp tables.
      await client.query(`REVOKE ALL ON DATABASE ${role} FROM PUBLIC`);
      urls[service] = serviceDatabaseUrl(adminUrl, service, password);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PROVISION_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  return urls;
}
