export { createServiceApp, startService } from './bootstrap';
export { ConfigError, type ServiceConfig, loadConfig, serviceConfigSchema } from './config';
export { HealthController } from './health.controller';
export { ServiceModule, type ServiceModuleOptions } from './service.module';
export { DATABASE, SERVICE_CONFIG } from './tokens';
export { DomainError, type DomainErrorKind } from './domain-error';
export { type ErrorBody, HttpErrorsFilter } from './http-errors.filter';
export { Metrics } from './metrics';
export { requestValidationPipe } from './validation';
