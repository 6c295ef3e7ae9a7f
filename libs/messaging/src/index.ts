export { AvroCodec, valueSubject } from './avro-codec';
export {
  type BatchHandler,
  type ConsumerStatus,
  DEFAULT_DEPENDENCY_BACKOFF,
  DEFAULT_RESTART_BACKOFF,
  type Delivered,
  type DeliveredOn,
  GroupConsumer,
  type GroupConsumerOptions,
  type InfrastructureFailureCheck,
  retryTiersByGroup,
  type Subscription,
} from './consuming/group-consumer';
export { type OutgoingEvent, envelopeHeaders } from './producing/envelope';
export { type EventLogContext, currentEventContext, withEventContext } from './consuming/event-context';
export {
  DependencyUnavailableError,
  MessagingError,
  PoisonEventError,
  UndecodableEventError,
  describeError,
  isNetworkFailure,
  isRetriable,
} from './errors';
export { type Backoff, type FailurePolicy, backoffDelay, retryThenDeadLetter } from './consuming/failure-policy';
export {
  type DeadLetter,
  type DeadLetterFilter,
  matches as deadLetterMatches,
  readDeadLetters,
  replayDeadLetters,
} from './operations/dead-letters';
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
export { KafkaBatchContext, KafkaEventsTransport } from './consuming/kafka-events.transport';
export { type DependencyStatus, MessagingHealth } from './operations/messaging.health';
export { createKafka, MessagingLifecycle, MessagingModule, topicSpecsFor } from './messaging.module';
export { KAFKA, MESSAGING_OPTIONS, type MessagingOptions } from './tokens';
export { type MessagingMetrics, NO_MESSAGING_METRICS } from './metrics';
export { type DeadLetterView, MessagingOperations, type PartitionLag } from './operations/operations';
export { OnEvent, type OnEventOptions } from './consuming/on-event.decorator';
export { EventErrorPassThroughFilter } from './consuming/pass-through.filter';
export { EventPublisher } from './producing/publisher';
export { readToEnd } from './operations/read-to-end';
export { TRACEPARENT_HEADER, contextOf, traceParentOf } from './tracing';
export { type TopicSpec, ensureTopics } from './topics';
