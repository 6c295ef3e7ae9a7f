export { anOrderPlaced } from './events';
export { eventually, type EventuallyOptions } from './eventually';
export { failure } from './failure';
export { testInfra } from './infra-env';
export { unique } from './unique';
export { startSpareKafka } from './spare-kafka';
export { type DatabaseFactory, type SparePostgres, scratchPrismaClients, startSparePostgres } from './spare-postgres';
export { type RunningSurge, type StartSurgeOptions, type SurgeInfra, startSurge } from './surge-processes';
export { appliedMigrations, appliedMigrationsAt, committedMigrations } from './migrations';
// Spec files outside the tools' layer (deploy-check) take free ports from here.
export { findFreePort } from '@surge/local-infra';
export {
  type Answer,
  type LedgerBalance,
  type Notification,
  type Order,
  type Payment,
  type PlaceOrder,
  type Product,
  SurgeClient,
} from './surge-client';
export { type CollectedSpan, type TraceCollector, startTraceCollector } from './trace-collector';
export { parseExposition, type Sample, sampleValue, scrape } from './prometheus';
export { type RawMessage, type RawMessages, collectRaw, produceRaw } from './raw-messages';
