import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

export function prismaConfigPath(service: string, root = repoRoot()): string {
  return path.join(root, 'apps', service, 'prisma.config.ts');
}

export function hasMigrations(service: string, root = repoRoot()): boolean {
  return existsSync(prismaConfigPath(service, root));
}

export class MigrationError extends Error {
  constructor(
    readonly service: string,
    readonly output: string,
    exit: string,
  ) {
    super(`migrations of ${service} failed (${exit}):\n${output.trim()}`);
    this.name = 'MigrationError';
  }
}

/**
 * Prisma 6.19's wasm schema engine races its advisory-lock query against a
 * 10 s timer that it never clears, so `migrate deploy` idles 10 s after its
 * work is done (measured: 11.6 s instead of 2.4 s per service). Unreferencing
 * that timer lets the process exit when the real work (sockets, pipes) ends;
 * a pending lock query still holds its socket, so nothing is cut short.
 */
const UNREF_ENGINE_TIMEOUTS = [
  'const set = globalThis.setTimeout;',
  'globalThis.setTimeout = function (fn, ms, ...args) {',
  '  const timer = set.call(this, fn, ms, ...args);',
  "  if (ms >= 10000 && /wasm:\\/\\//.test(new Error().stack ?? '')) timer.unref();",
  '  return timer;',
  '};',
].join('\n');

/**
 * `prisma migrate deploy` for one service, as a child process with the
 * service's own DATABASE_URL (its role owns the database, so it may create tables).
 * Applies pending migrations only; safe on every start.
 */
export async function migrate(service: string, databaseUrl: string, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? repoRoot();
  const prisma = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
  const preload = `data:text/javascript,${encodeURIComponent(UNREF_ENGINE_TIMEOUTS)}`;
  const args = [
    '--import',
    preload,
    prisma,
    'migrate',
    'deploy',
    '--config',
    path.relative(root, prismaConfigPath(service, root)),
  ];
  let output = '';
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      // CHECKPOINT_DISABLE: no update check (it would wait on a blocked network).
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  if (exit.code !== 0) {
    throw new MigrationError(
      service,
      output.split(databaseUrl).join('<DATABASE_URL>'),
      exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`,
    );
  }
}
