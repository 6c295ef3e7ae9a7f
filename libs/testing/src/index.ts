export { anOrderPlaced } from './events';
export { eventually, type EventuallyOptions } from './eventually';
export { testInfra } from './infra-env';
export { unique } from './unique';
export { startSpareKafka } from './spare-kafka';
export { type RunningService, type ServiceAppModule, startServiceApp } from './service-app';
export { describeServiceBasics } from './service-basics';
export { type RunningSurge, startSurge } from './surge-processes';
export { appliedMigrations, committedMigrations } from './migrations';
