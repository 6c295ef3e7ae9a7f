import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SERVICES, type ServiceName } from '@surge/contracts';
import { appliedMigrationsAt, committedMigrations, eventually, findFreePort, testInfra, unique } from '@surge/testing';
import { Client } from 'pg';
import { SERVICE_UID } from './checks';
import { repoPath } from './paths';

// The images for real (npm run test:images builds them first): each service's
// container migrates a database of its own, starts against the test run's
// Kafka, registry and PostgreSQL, answers /health/ready and its HEALTHCHECK,
// and drains on `stop`: hardened as compose and the pods run it.

const ENGINE = process.env.SURGE_CONTAINER_ENGINE ?? 'podman';
const TAG = process.env.SURGE_TAG ?? 'dev';
const READY_MS = 90_000;

interface Result {
  readonly code: number;
  readonly output: string;
}

async function engine(args: string[], timeoutMs = 120_000): Promise<Result> {
  const env = {
    ...process.env,
    CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? repoPath('deploy', 'podman', 'containers.conf'),
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(ENGINE, args, { env, timeout: timeoutMs, maxBuffer: 1 << 24 });
    return { code: 0, output: stdout + stderr };
  } catch (error: unknown) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (failed.code === 'ENOENT')
      throw new Error(`${ENGINE} not found: apt-get install podman (or set SURGE_CONTAINER_ENGINE)`);
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: `${failed.stdout ?? ''}${failed.stderr ?? failed.message}`,
    };
  }
}

/** The connection string of `database` on the test PostgreSQL. */
function databaseUrl(database: string): string {
  const url = new URL(testInfra.adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** As docker-compose.yml and the pods run a service: read-only root, /tmp writable, no capabilities. */
const HARDENED = ['--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];

/**
 * `podman run` arguments for a hardened container of `image` on the host's
 * network (so that it reaches the test infrastructure on 127.0.0.1) with
 * these variables, then the command's own arguments.
 */
function runArgs(options: readonly string[], env: Record<string, string>, image: string, ...command: string[]) {
  const variables = Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
  return ['run', ...options, '--network', 'host', ...HARDENED, ...variables, image, ...command];
}

describe.each(SERVICES)('the %s image', (service: ServiceName) => {
  const image = `surge/${service}:${TAG}`;
  const database = unique(`surge_image_${service}`).replace(/-/g, '_');
  const container = unique(`surge-image-${service}`);
  let admin: Client;
  let url: string;

  beforeAll(async () => {
    const present = await engine(['image', 'exists', image]);
    if (present.code !== 0) throw new Error(`${image} is missing: build it with npm run images`);
    admin = new Client({ connectionString: testInfra.adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    url = databaseUrl(database);
  });

  afterAll(async () => {
    await engine(['rm', '--force', '--time', '0', container]);
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  it('runs as the non-root user the pods ask for, with the HEALTHCHECK kept', async () => {
    const inspected = await engine([
      'image',
      'inspect',
      '--format',
      '{{ .Config.User }} {{ json .Config.Healthcheck.Test }}',
      image,
    ]);
    expect(inspected.code).toBe(0);
    expect(inspected.output.trim()).toBe(
      `${SERVICE_UID}:${SERVICE_UID} ["CMD","node","/app/entrypoint.js","healthcheck","ready"]`,
    );
  });

  it('migrates its database with `migrate`, then starts, answers /health/ready and drains on stop', async () => {
    const migrated = await engine(runArgs(['--rm'], { DATABASE_URL: url }, image, 'migrate'));
    expect(migrated.output).toContain('successfully applied');
    expect(migrated.code).toBe(0);
    expect(await appliedMigrationsAt(url)).toEqual(committedMigrations(repoPath('apps', service)));

    // Podman has no systemd here to time the healthcheck: the test runs it itself.
    const port = await findFreePort();
    const started = await engine(
      runArgs(
        ['--detach', '--name', container, '--health-interval', 'disable'],
        {
          HOST: '127.0.0.1',
          PORT: String(port),
          KAFKA_BROKERS: testInfra.kafkaBrokers().join(','),
          KAFKA_REPLICATION_FACTOR: '1',
          SCHEMA_REGISTRY_URL: testInfra.registryUrl(),
          DATABASE_URL: url,
        },
        image,
      ),
    );
    expect(started.code).toBe(0);

    await eventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch((error: Error) => error);
        if (response instanceof Error) throw response;
        expect(response.status).toBe(200);
      },
      { timeoutMs: READY_MS, description: `${service}'s container to answer /health/ready` },
    ).catch(async (error: unknown) => {
      const logs = await engine(['logs', '--tail', '40', container]);
      throw new Error(`${String(error)}\n--- the container's last lines ---\n${logs.output}`);
    });

    const health = await engine(['healthcheck', 'run', container]);
    expect(health.code).toBe(0);
    expect(health.output.trim()).toMatch(/^(healthy)?$/);

    const stopped = await engine(['stop', '--time', '45', container], 60_000);
    expect(stopped.code).toBe(0);
    const state = await engine(['inspect', '--format', '{{ .State.ExitCode }}', container]);
    expect(state.output.trim()).toBe('0');
    const logs = await engine(['logs', container]);
    expect(logs.output).toContain(`${service} listening on http://127.0.0.1:${port}`);
    expect(logs.output).toContain('HTTP drained');
  });
});
