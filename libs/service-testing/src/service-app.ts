import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { ServiceName } from '@surge/contracts';
import { type ServiceConfig, loadConfig, startService } from '@surge/platform';
import { testInfra } from '@surge/testing';

export interface ServiceAppModule {
  register(config: ServiceConfig): DynamicModule;
}

export interface RunningService {
  readonly app: INestApplication;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a service exactly as its main.ts does (config, transport, HTTP), on
 * a free port, against the run's real infrastructure.
 */
export async function startServiceApp(service: ServiceName, module: ServiceAppModule): Promise<RunningService> {
  const config = loadConfig(service, {
    PORT: '0',
    DATABASE_URL: testInfra.databaseUrl(service),
    KAFKA_BROKERS: testInfra.kafkaBrokers().join(','),
    SCHEMA_REGISTRY_URL: testInfra.registryUrl(),
    LOG_LEVEL: 'warn',
  });
  const app = await startService(module.register(config), config);
  return { app, url: await app.getUrl(), close: () => app.close() };
}
