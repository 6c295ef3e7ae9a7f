import { existsSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import path from 'node:path';
import { StackError } from './errors';
import { startKafka } from './kafka';
import { repoRoot, silentLogger } from './paths';
import { startPostgres } from './postgres';
import { findFreePort, isPortFree } from './preflight';
import { liveProcesses } from './process';
import { startStack } from './stack';

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error: unknown) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a rejection');
}

describe('a port that is already taken', () => {
  it('stops the whole stack before anything starts, with one line saying what to do', async () => {
    const [taken, controller, registry, management, postgres] = await Promise.all(
      Array.from({ length: 5 }, findFreePort),
    );
    const squatter = await occupy(taken);
    const dataDir = path.join(repoRoot(), '.surge', 'test', `ports-${process.pid}`);
    try {
      const error = await rejection(
        startStack({
          dataDir,
          kafka: { port: taken, controllerPort: controller },
          registry: { port: registry, managementPort: management },
          postgres: { port: postgres },
          log: silentLogger,
        }),
      );
      expect(error).toBeInstanceOf(StackError);
      expect(error.message).toBe(
        `port ${taken} (Kafka) already in use on 127.0.0.1; stop whatever listens there or choose other ports with SURGE_KAFKA_PORT`,
      );
      expect(error.message).not.toContain('\n');
      // Started nothing: no child process, no data dir, every other port still free.
      expect(liveProcesses()).toEqual([]);
      expect(existsSync(dataDir)).toBe(false);
      for (const port of [controller, registry, management, postgres]) expect(await isPortFree(port)).toBe(true);
    } finally {
      await close(squatter);
    }
  });

  it('is never mistaken for our own server: the shared broker of this run blocks a second Kafka on its port', async () => {
    const shared = (process.env.KAFKA_BROKERS ?? '').split(',')[0];
    const port = Number(shared.split(':')[1]);
    expect(port).toBeGreaterThan(0);
    const error = await rejection(
      startKafka({
        dataDir: path.join(repoRoot(), '.surge', 'test', `ports-kafka-${process.pid}`),
        port,
        controllerPort: await findFreePort(),
        log: silentLogger,
      }),
    );
    expect(error.message).toMatch(new RegExp(`^port ${port} \\(Kafka\\) already in use on 127\\.0\\.0\\.1; `));
    expect(liveProcesses()).toEqual([]);
  });

  it('stops an embedded PostgreSQL from starting too', async () => {
    const port = await findFreePort();
    const squatter = await occupy(port);
    try {
      const error = await rejection(
        startPostgres({
          dataDir: path.join(repoRoot(), '.surge', 'test', `ports-pg-${process.pid}`),
          port,
          log: silentLogger,
        }),
      );
      expect(error.message).toMatch(new RegExp(`^port ${port} \\(PostgreSQL\\) already in use on 127\\.0\\.0\\.1; `));
      expect(liveProcesses()).toEqual([]);
    } finally {
      await close(squatter);
    }
  });
});
