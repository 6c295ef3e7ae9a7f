import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type ServiceName, SERVICES } from '@surge/contracts';
import { findFreePort, ManagedProcess } from '@surge/stack';
import { eventually } from './eventually';
import { testInfra } from './infra-env';

const ROOT = path.resolve(__dirname, '../../..');

export interface RunningSurge {
  /** Base URL of each service, e.g. http://127.0.0.1:41234 */
  readonly urls: Readonly<Record<ServiceName, string>>;
  /** Where each service's output goes. */
  readonly logDir: string;
  stop(): Promise<void>;
}

/**
 * The five services as real processes (node dist/apps/<service>/src/main.js,
 * as `npm start` runs them) on free ports against the run's infrastructure.
 * Builds first, so the processes run the code under test.
 */
export async function startSurge(): Promise<RunningSurge> {
  build();
  const logDir = path.join(ROOT, '.surge', 'test', 'logs', `surge-${process.pid}`);
  mkdirSync(logDir, { recursive: true });
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await findFreePort()] as const)));
  const processes = SERVICES.map(
    (service) =>
      new ManagedProcess({
        name: service,
        command: process.execPath,
        args: ['--enable-source-maps', path.join(ROOT, 'dist', 'apps', service, 'src', 'main.js')],
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(ports[service]),
          HOST: '127.0.0.1',
          DATABASE_URL: testInfra.databaseUrl(service),
          KAFKA_BROKERS: testInfra.kafkaBrokers().join(','),
          SCHEMA_REGISTRY_URL: testInfra.registryUrl(),
          LOG_LEVEL: 'info',
        },
        output: { logFile: path.join(logDir, `${service}.log`) },
        stopSignal: 'SIGTERM',
        stopTimeoutMs: 20_000,
      }),
  );
  const urls = Object.fromEntries(SERVICES.map((s) => [s, `http://127.0.0.1:${ports[s]}`])) as Record<
    ServiceName,
    string
  >;
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    await Promise.all(
      SERVICES.map((service) =>
        eventually(
          async () => {
            const exited = processes.find((p) => p.exit);
            if (exited) throw new Error(`${exited.name} exited; see ${logDir}`);
            const response = await fetch(`${urls[service]}/health/ready`);
            if (response.status !== 200) throw new Error(`${service} not ready (${response.status})`);
          },
          { timeoutMs: 90_000, intervalMs: 250, description: `${service} ready` },
        ),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, logDir, stop };
}

function build(): void {
  const swc = path.join(ROOT, 'node_modules', '.bin', 'swc');
  const result = spawnSync(
    swc,
    ['apps', 'libs', '-d', 'dist', '-q', '--ignore', '**/*.spec.ts', '--ignore', '**/*-spec.ts'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`build failed: ${result.stderr || result.stdout}`);
}
