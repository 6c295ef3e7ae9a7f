export { createServiceApp, startService } from './bootstrap';
export { ConfigError, type ServiceConfig, loadConfig, serviceConfigSchema } from './config';
export { HealthController } from './health.controller';
export { ServiceModule, type ServiceModuleOptions } from './service.module';
export { DATABASE, SERVICE_CONFIG } from './tokens';
