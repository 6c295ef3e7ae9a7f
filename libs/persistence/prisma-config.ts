import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

/**
 * Prisma CLI config for one service (apps/<service>/prisma.config.ts).
 * Runs the JavaScript schema engine over the pg driver adapter: no engine
 * binary is downloaded, so migrate works offline.
 */
export function servicePrismaConfig(appDir: string) {
  return defineConfig({
    experimental: { adapter: true },
    engine: 'js',
    schema: path.join(appDir, 'prisma', 'schema'),
    migrations: { path: path.join(appDir, 'prisma', 'migrations') },
    async adapter() {
      const connectionString = process.env.DATABASE_URL;
      if (!connectionString) throw new Error('DATABASE_URL is not set');
      // A short idle timeout lets the CLI exit as soon as it is done instead of
      // waiting out the pool's default 10 s.
      return new PrismaPg({ connectionString, idleTimeoutMillis: 50 });
    },
  });
}
