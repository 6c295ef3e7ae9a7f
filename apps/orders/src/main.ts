import 'reflect-metadata';
import { ConfigError, loadConfig, startService } from '@surge/platform';
import { AppModule } from './app.module';
import { loadOrdersConfig } from './orders.config';

async function main(): Promise<void> {
  const config = loadConfig('orders');
  await startService(AppModule.register(config, loadOrdersConfig()), config);
}

main().catch((error: unknown) => {
  // Logged as one line: the orchestrator (npm start, compose, Kubernetes) shows it.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
