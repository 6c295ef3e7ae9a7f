import 'reflect-metadata';
import { createConsoleApp } from './app';
import { ConfigError, loadConsoleConfig } from './console.config';

async function main(): Promise<void> {
  const config = loadConsoleConfig();
  const app = await createConsoleApp(config);
  await app.listen(config.PORT, config.HOST);
  const services = Object.entries(config.serviceUrls)
    .map(([service, url]) => `${service} ${url}`)
    .join(', ');
  console.log(`console listening on http://${config.HOST}:${config.PORT}, reading ${services}`);
}

main().catch((error: unknown) => {
  // One line: the orchestrator (npm start) shows it.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
