export { isDatabaseUnavailable } from './database-errors';
export { type InboxDelivery, claimFirstDeliveries } from './inbox';
export { type OutboxEntry, appendToOutbox } from './outbox';
export { type OutboxPublisher, OutboxRelay, type OutboxRelayOptions, type RelayLogger } from './outbox-relay';
export { type SqlClient, type TransactionalClient, type TransactionOptions } from './sql-client';
export { type Outbox, type RelayWaker, TransactionRunner } from './transaction-runner';
export { createDatabasePool, createPgAdapter } from './pg-adapter';
export { SqlDatabase, TransactionExpired, TransactionStartTimeout } from './sql-database';
export { GroupCommit, type GroupCommitOptions, type Settled, settled } from './group-commit';
