import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVICES } from '@surge/contracts';
import { appliedMigrationsAt, committedMigrations, eventually, testInfra, unique } from '@surge/testing';
import { Client } from 'pg';
import { SERVICE_UID } from './checks';
import { contextCopySources, isIgnored, readDockerfile, readDockerignore } from './dockerfile';
import { ROOT, repoPath } from './paths';

const dockerfile = readDockerfile();
const ignore = readDockerignore();
const ENTRYPOINT = repoPath('deploy', 'docker', 'entrypoint.js');

describe('Dockerfile', () => {
  it('starts from a base image named by NODE_IMAGE, the local one by default', () => {
    expect(dockerfile[0]).toEqual({ keyword: 'ARG', args: 'NODE_IMAGE=surge/node:20-bookworm' });
    const bases = dockerfile.filter((i) => i.keyword === 'FROM').map((i) => i.args.split(' ')[0]);
    expect(bases).toEqual(['${NODE_IMAGE}', 'production-dependencies']);
  });

  it('builds an image for exactly the services of the catalogue', () => {
    const guard = dockerfile.find((i) => i.keyword === 'RUN' && i.args.includes('case "${SERVICE}"'));
    const listed = /in\s+([a-z|-]+)\)/.exec(guard?.args ?? '')?.[1].split('|');
    expect(listed).toEqual([...SERVICES]);
  });

  it.each(SERVICES)('copies for %s only files the build makes or the repository has, all in the context', (service) => {
    const sources = contextCopySources(dockerfile, { SERVICE: service });
    // dist/ is what `npm run build` compiles from the same paths.
    const missing = sources.filter((source) => !existsSync(repoPath(source.replace(/^dist\//, ''))));
    const ignored = sources.filter((source) => isIgnored(source, ignore));
    expect({ missing, ignored }).toEqual({ missing: [], ignored: [] });
    expect(sources).toEqual(
      expect.arrayContaining([`dist/apps/${service}`, `apps/${service}/prisma`, 'node_modules', 'package-lock.json']),
    );
  });

  it('leaves sources, tests, git and local data out of the build context', () => {
    const outside = ['.git/HEAD', '.surge/dev/x', 'apps/orders/src/main.ts', 'dist/libs/testing/src/index.js', '.env'];
    expect(outside.filter((file) => !isIgnored(file, ignore))).toEqual([]);
  });

  it('follows Docker’s rule that the last matching pattern wins', () => {
    const patterns = readDockerignore(repoPath('.dockerignore'));
    expect(isIgnored('node_modules/pg/package.json', patterns)).toBe(false);
    expect(isIgnored('node_modules/.cache/x', patterns)).toBe(true);
    expect(isIgnored('docs/topics.md', patterns)).toBe(true);
  });

  it('runs as the non-root user the pods ask for, with a healthcheck and the entrypoint’s commands', () => {
    const last = (keyword: string) => dockerfile.filter((i) => i.keyword === keyword).at(-1)?.args;
    expect(last('USER')).toBe(`${SERVICE_UID}:${SERVICE_UID}`);
    expect(last('HEALTHCHECK')).toMatch(/CMD \["node", "\/app\/entrypoint.js", "healthcheck", "ready"\]$/);
    expect(last('ENTRYPOINT')).toBe(
      '["node", "--enable-source-maps", "--max-old-space-size=160", "/app/entrypoint.js"]',
    );
    expect(last('CMD')).toBe('["serve"]');
  });
});

describe('npm run images (deploy/docker/build-images.sh)', () => {
  it('refuses a service that is not in the catalogue before building anything', () => {
    const result = spawnSync('bash', [repoPath('deploy', 'docker', 'build-images.sh'), 'orders', 'billing'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', SURGE_CONTAINER_ENGINE: 'true' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`no service 'billing' (services: ${SERVICES.join(' ')})`);
  });
});

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs the image's entrypoint from the repository, which has the image's layout (apps/, libs/, node_modules/). */
function entrypoint(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [ENTRYPOINT, ...args], {
    env: { PATH: process.env.PATH ?? '', SURGE_APP_ROOT: ROOT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<Run>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return { child, done };
}

const run = (args: string[], env: Record<string, string> = {}) => entrypoint(args, env).done;

describe('the image entrypoint', () => {
  describe('healthcheck', () => {
    let server: Server;
    let status = 200;
    let port = 0;

    beforeAll(async () => {
      server = createServer((request, response) => {
        response.statusCode = request.url === '/health/ready' ? status : request.url === '/health/live' ? 200 : 404;
        response.end(`{"path":"${request.url}"}`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('passes while /health/ready answers 2xx, on the port of PORT, whatever HOST the service binds', async () => {
      status = 200;
      await expect(run(['healthcheck'], { PORT: String(port), HOST: '0.0.0.0' })).resolves.toMatchObject({ code: 0 });
      await expect(run(['healthcheck', 'live'], { PORT: String(port) })).resolves.toMatchObject({ code: 0 });
    });

    it('fails, saying why, when the service is not ready or not there', async () => {
      status = 503;
      const notReady = await run(['healthcheck', 'ready'], { PORT: String(port) });
      expect(notReady.code).toBe(1);
      expect(notReady.output).toContain(`http://127.0.0.1:${port}/health/ready answered 503`);
      await expect(run(['healthcheck', 'live'], { PORT: String(port) })).resolves.toMatchObject({ code: 0 });

      const closed = await new Promise<number>((resolve) => {
        const probe = createServer();
        probe.listen(0, '127.0.0.1', () => {
          const free = (probe.address() as AddressInfo).port;
          probe.close(() => resolve(free));
        });
      });
      const absent = await run(['healthcheck'], { PORT: String(closed) });
      expect(absent.code).toBe(1);
      expect(absent.output).toContain('ECONNREFUSED');
    });
  });

  describe('serve', () => {
    let root: string;

    beforeAll(() => {
      // A stand-in service in the image's layout: says it started, drains on SIGTERM.
      root = mkdtempSync(path.join(os.tmpdir(), 'surge-entrypoint-'));
      mkdirSync(path.join(root, 'dist', 'apps', 'probe', 'src'), { recursive: true });
      writeFileSync(
        path.join(root, 'dist', 'apps', 'probe', 'src', 'main.js'),
        [
          "console.log('started as ' + process.pid);",
          "process.on('SIGTERM', () => { console.log('drained'); process.exit(0); });",
          'setInterval(() => {}, 1000);',
        ].join('\n'),
      );
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('runs the service in its own process, so SIGTERM reaches it and it drains', async () => {
      const service = entrypoint(['serve'], { SURGE_SERVICE: 'probe', SURGE_APP_ROOT: root });
      let seen = '';
      service.child.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
      await eventually(() => expect(seen).toContain(`started as ${service.child.pid}`), {
        timeoutMs: 20_000,
        description: 'the service started in the entrypoint process',
      });
      service.child.kill('SIGTERM');
      const stopped = await service.done;
      expect(stopped.code).toBe(0);
      expect(stopped.output).toContain('drained');
    });

    it('names the missing build when the service is not in the image', async () => {
      const missing = await run(['serve'], { SURGE_SERVICE: 'payments', SURGE_APP_ROOT: root });
      expect(missing.code).toBe(2);
      expect(missing.output).toContain(path.join(root, 'dist', 'apps', 'payments', 'src', 'main.js') + ' is missing');
    });
  });

  it('refuses an unknown command or service with its usage', async () => {
    const unknown = await run(['start']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain('usage: entrypoint.js serve | migrate | await-migrations | healthcheck');
    const noService = await run(['migrate'], { SURGE_SERVICE: '../../etc', DATABASE_URL: 'postgresql://x@y/z' });
    expect(noService.code).toBe(2);
    expect(noService.output).toContain('SURGE_SERVICE must name a Surge service');
    const noDatabase = await run(['migrate'], { SURGE_SERVICE: 'payments' });
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.output).toContain('DATABASE_URL is not set');
  });

  describe('migrations, on a real PostgreSQL', () => {
    const database = unique('surge_image').replace(/-/g, '_');
    let admin: Client;
    let databaseUrl: string;

    beforeAll(async () => {
      admin = new Client({ connectionString: testInfra.adminUrl() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(testInfra.adminUrl());
      url.pathname = `/${database}`;
      databaseUrl = url.toString();
    });

    afterAll(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    });

    it('await-migrations waits for a fresh database until migrate has applied every migration', async () => {
      const env = { SURGE_SERVICE: 'payments', DATABASE_URL: databaseUrl, SURGE_MIGRATIONS_POLL_MS: '200' };
      const waiting = entrypoint(['await-migrations'], env);
      let exited = false;
      void waiting.done.then(() => (exited = true));
      let seen = '';
      waiting.child.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
      await eventually(() => expect(seen).toContain('waiting for the migrations of payments'), {
        timeoutMs: 60_000,
        description: 'await-migrations reports that it waits',
      });
      expect(exited).toBe(false);

      const migrated = await run(['migrate'], env);
      expect(migrated.output).toContain('successfully applied');
      expect(migrated.code).toBe(0);
      expect(migrated.output).not.toContain(databaseUrl);

      const waited = await waiting.done;
      expect(waited.code).toBe(0);
      expect(waited.output).toContain('the database of payments holds every migration');

      expect(await appliedMigrationsAt(databaseUrl)).toEqual(committedMigrations(repoPath('apps', 'payments')));
    });

    it('migrate fails with a non-zero exit when the database is unreachable, without printing the URL', async () => {
      const unreachable = 'postgresql://nobody:secret@127.0.0.1:1/nowhere';
      const failed = await run(['migrate'], { SURGE_SERVICE: 'payments', DATABASE_URL: unreachable });
      expect(failed.code).not.toBe(0);
      expect(failed.output).toContain('migrations of payments failed');
      expect(failed.output).not.toContain('secret');
    });
  });
});
