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
} from './consumer';
export { type OutgoingEvent, envelopeHeaders } from './envelope';
export { type EventLogContext, currentEventContext, withEventContext } from './event-context';
export {
  DependencyUnavailableError,
  MessagingError,
  PoisonEventError,
  UndecodableEventError,
  describeError,
  isNetworkFailure,
  isRetriable,
} from './errors';
export { type Backoff, type FailurePolicy, backoffDelay, retryThenDeadLetter } from './failure-policy';
export {
  type DeadLetter,
  type DeadLetterFilter,
  matches as deadLetterMatches,
  readDeadLetters,
  replayDeadLetters,
} from './dead-letters';
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
export { KafkaBatchContext, KafkaEventsTransport } from './kafka-events.transport';
export { type DependencyStatus, MessagingHealth } from './messaging.health';
export { createKafka, MessagingLifecycle, MessagingModule, topicSpecsFor } from './messaging.module';
export { KAFKA, MESSAGING_OPTIONS, type MessagingOptions } from './tokens';
export { type MessagingMetrics, NO_MESSAGING_METRICS } from './metrics';
export { type DeadLetterView, MessagingOperations, type PartitionLag } from './operations';
export { OnEvent, type OnEventOptions } from './on-event.decorator';
export { EventErrorPassThroughFilter } from './pass-through.filter';
export { EventPublisher } from './publisher';
export { readToEnd } from './read-to-end';
export { TRACEPARENT_HEADER, contextOf, traceParentOf } from './tracing';
export { type TopicSpec, ensureTopics } from './topics';
