import type { ServiceName } from '@surge/contracts';

/**
 * Endpoints of the infrastructure the global setup started (or was given);
 * it exports them to the test workers through the environment.
 */
export const testInfra = {
  kafkaBrokers(): string[] {
    return required('KAFKA_BROKERS').split(',');
  },
  registryUrl(): string {
    return required('SCHEMA_REGISTRY_URL');
  },
  adminUrl(): string {
    return required('SURGE_POSTGRES_ADMIN_URL');
  },
  databaseUrl(service: ServiceName): string {
    return required(`SURGE_DATABASE_URL_${service.toUpperCase().replace(/-/g, '_')}`);
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through jest's global setup (npm test)`);
  return value;
}
