/* global process, console, fetch, setTimeout, AbortSignal */
'use strict';
/**
 * The entry point of every Surge service image (see the root Dockerfile): one
 * Node process, no shell needed.
 *
 *   serve                     run the service (the image's default command)
 *   migrate                   apply the service's pending migrations, then exit
 *   await-migrations          wait until the database holds every migration of
 *                             this image, then exit 0 (an init container: new
 *                             code never starts on an old schema)
 *   healthcheck [live|ready]  exit 0 when GET /health/<live|ready> answers 2xx
 *                             (ready by default)
 *
 * SURGE_SERVICE names the service (the image sets it). SURGE_APP_ROOT is the
 * folder holding dist/, apps/, libs/ and node_modules/: this file's folder in
 * the image, the repository when tests run it.
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = process.env.SURGE_APP_ROOT || __dirname;
const USAGE = 'usage: entrypoint.js serve | migrate | await-migrations | healthcheck [live|ready]';
/** Pause between two looks at the migrations (await-migrations). */
const POLL_MS = Number(process.env.SURGE_MIGRATIONS_POLL_MS) || 5_000;
const HEALTHCHECK_TIMEOUT_MS = 4_000;

/**
 * Prisma 6.19's wasm schema engine leaves a 10 s timer behind, so its CLI idles
 * 10 s after the work is done; unreferencing that timer lets it exit (the same
 * preload as libs/local-infra/src/migrate.ts, which explains it).
 */
const UNREF_ENGINE_TIMEOUTS = [
  'const set = globalThis.setTimeout;',
  'globalThis.setTimeout = function (fn, ms, ...args) {',
  '  const timer = set.call(this, fn, ms, ...args);',
  "  if (ms >= 10000 && /wasm:\\/\\//.test(new Error().stack ?? '')) timer.unref();",
  '  return timer;',
  '};',
].join('\n');

class UsageError extends Error {}

function service() {
  const name = process.env.SURGE_SERVICE;
  if (!name || !/^[a-z][a-z-]*$/.test(name)) {
    throw new UsageError(`SURGE_SERVICE must name a Surge service (got ${JSON.stringify(name ?? '')})`);
  }
  return name;
}

function serve() {
  const main = path.join(ROOT, 'dist', 'apps', service(), 'src', 'main.js');
  if (!existsSync(main)) throw new UsageError(`${main} is missing: is SURGE_SERVICE right?`);
  // In this process: SIGTERM reaches the service itself, which drains and exits.
  require(main);
}

/** Runs the Prisma CLI for this service's schema; resolves with its exit code and output. */
function prisma(args) {
  const name = service();
  const config = path.join('apps', name, 'prisma.config.ts');
  if (!existsSync(path.join(ROOT, config))) throw new UsageError(`${config} is missing: is SURGE_SERVICE right?`);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError('DATABASE_URL is not set');
  const cli = path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js');
  const preload = `data:text/javascript,${encodeURIComponent(UNREF_ENGINE_TIMEOUTS)}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', preload, cli, ...args, '--config', config], {
      cwd: ROOT,
      // No update check: it would wait on a network the container may not have.
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      resolve({ code: code ?? 1, signal, output: output.split(databaseUrl).join('<DATABASE_URL>') }),
    );
  });
}

async function migrate() {
  const result = await prisma(['migrate', 'deploy']);
  process.stdout.write(result.output);
  if (result.code !== 0) {
    console.error(`migrations of ${service()} failed (${result.signal ?? `exit code ${result.code}`})`);
  }
  return result.code;
}

async function awaitMigrations() {
  for (;;) {
    const result = await prisma(['migrate', 'status']);
    if (result.code === 0) {
      console.log(`the database of ${service()} holds every migration`);
      return 0;
    }
    const why = result.output.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
    console.log(`waiting for the migrations of ${service()} (pending, or the database is unreachable): ${why}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function healthcheck(kind = 'ready') {
  if (kind !== 'live' && kind !== 'ready') throw new UsageError(USAGE);
  const url = `http://${localHost(process.env.HOST)}:${process.env.PORT || defaultPort()}/health/${kind}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(HEALTHCHECK_TIMEOUT_MS) });
    if (response.ok) return 0;
    console.error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  } catch (error) {
    console.error(`${url}: ${error.cause?.code ?? error.message}`);
  }
  return 1;
}

/** Where the service listens, seen from inside its container. */
function localHost(host) {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function defaultPort() {
  const contracts = path.join(ROOT, 'dist', 'libs', 'contracts', 'src');
  const port = require(contracts).DEFAULT_HTTP_PORTS[service()];
  if (!port) throw new UsageError(`no default port for ${service()}: set PORT`);
  return port;
}

async function main([command = 'serve', ...args]) {
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return process.exit(await migrate());
    case 'await-migrations':
      return process.exit(await awaitMigrations());
    case 'healthcheck':
      return process.exit(await healthcheck(...args));
    default:
      throw new UsageError(USAGE);
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
