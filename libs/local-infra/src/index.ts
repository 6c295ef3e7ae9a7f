// Local infrastructure for Surge: real Kafka (KRaft), Apicurio Registry and
// PostgreSQL on 127.0.0.1, used by `npm start` and by the integration tests.
export { SERVICES, SERVICE_PORTS, type Profile, type ServiceName, stackConfig } from './config';
export { StackError, errorMessage, isStackError } from './errors';
export { type KafkaOptions, type RunningKafka, startKafka } from './kafka';
export { type PartControls } from './lifecycle';
export { MigrationError, hasMigrations, migrate, prismaConfigPath } from './migrate';
export { type Logger, consoleLogger, displayPath, repoRoot, seconds, silentLogger } from './paths';
export {
  DEFAULT_SUPERUSER_PASSWORD,
  type PostgresOptions,
  type RunningPostgres,
  redactUrl,
  startPostgres,
} from './postgres';
export { assertPortsFree, findFreePort, isPortFree } from './preflight';
export {
  type ExitInfo,
  ManagedProcess,
  type ManagedProcessOptions,
  describeExit,
  liveProcesses,
  stopAllProcesses,
} from './process';
export { type ProvisionOptions, databaseNameFor, provisionDatabases, upperSnake } from './provision';
export { type RegistryOptions, type RegistryStorage, type RunningRegistry, startRegistry } from './registry';
export { type RunningStack, type StackOptions, startStack } from './stack';
export {
  DEFAULT_RESTART_POLICY,
  type RestartEvent,
  type RestartPolicy,
  SupervisedProcess,
  type SupervisedOptions,
  restartPolicy,
} from './supervisor';
export { type WaitOptions, waitFor } from './wait';
