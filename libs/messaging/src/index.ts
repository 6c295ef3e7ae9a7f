// Shared by every room: the types, errors, headers, codec, tracing and metrics.
export {
  type BatchHandler,
  type ConsumerStatus,
  type DeadLetter,
  type Delivered,
  type DeliveredOn,
  type InfrastructureFailureCheck,
  type Subscription,
} from './types';
export { AvroCodec, valueSubject } from './avro-codec';
export {
  DependencyUnavailableError,
  MessagingError,
  PoisonEventError,
  UndecodableEventError,
  describeError,
  isNetworkFailure,
  isProgrammingError,
  isRetriable,
} from './errors';
export {
  DEAD_LETTER_HEADER,
  DEAD_LETTER_SUFFIX,
  HEADER,
  type HeaderMap,
  REPLAYED_FROM_HEADER,
  RETRY_HEADER,
  deadLetterTopic,
  readHeaders,
  retryTopic,
} from './headers';
export { type MessagingMetrics, NO_MESSAGING_METRICS } from './metrics';
export { TRACEPARENT_HEADER, contextOf, traceParentOf } from './tracing';
export { type TopicSpec, ensureTopics } from './topics';
export { createKafka, MessagingLifecycle, MessagingModule, topicSpecsFor } from './messaging.module';
export { KAFKA, MESSAGING_OPTIONS, type MessagingOptions } from './tokens';

// consuming/: the group consumer and its jobs, the Nest transport and @OnEvent.
export {
  DEFAULT_DEPENDENCY_BACKOFF,
  DEFAULT_RESTART_BACKOFF,
  GroupConsumer,
  type GroupConsumerOptions,
} from './consuming/group-consumer';
export { retryTiersByGroup } from './consuming/retry-tiers';
export { type Backoff, type FailurePolicy, backoffDelay, retryThenDeadLetter } from './consuming/failure-policy';
export { type EventLogContext, currentEventContext, withEventContext } from './consuming/event-context';
export { KafkaBatchContext, KafkaEventsTransport } from './consuming/kafka-events.transport';
export { OnEvent, type OnEventOptions } from './consuming/on-event.decorator';
export { EventErrorPassThroughFilter } from './consuming/pass-through.filter';

// producing/: the publisher, envelope headers, and every write of a retried, parked or replayed message.
export { EventPublisher } from './producing/publisher';
export { type OutgoingEvent, envelopeHeaders } from './producing/envelope';
export { replayDeadLetters } from './producing/topic-writes';

// operations/: dead letters, lag and health, as an operator asks for them.
export { type DeadLetterFilter, matches as deadLetterMatches, readDeadLetters } from './operations/dead-letters';
export { MessagingOperations } from './operations/operations';
// Kept for code that imported them from here: the shapes live in @surge/contracts.
export type { DeadLetterView, PartitionLag } from '@surge/contracts';
export { type DependencyStatus, MessagingHealth } from './operations/messaging.health';
export { readToEnd } from './operations/read-to-end';
