import type { EventsByTopic, Topic } from '@surge/contracts';
import type { FailurePolicy } from './consuming/failure-policy';
import type { HeaderMap } from './headers';

/** One event as a handler receives it, with where it came from. */
export interface Delivered<E> {
  readonly event: E;
  readonly topic: Topic;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly headers: HeaderMap;
  readonly group: string;
  /**
   * W3C traceparent of the span handling this event (a child of the span that
   * published it): what the handler writes continues the event's trace.
   */
  readonly traceParent?: string;
}

export type DeliveredOn<T extends Topic> = Delivered<EventsByTopic[T]>;

export type BatchHandler = (batch: Delivered<EventsByTopic[Topic]>[]) => Promise<void>;

export interface Subscription {
  /** The Kafka topic read. */
  readonly topic: string;
  /** The contract whose schema the topic carries: the same name, except for retry and test topics. */
  readonly contract: Topic;
  readonly group: string;
  readonly policy: FailurePolicy;
  readonly handle: BatchHandler;
}

export interface ConsumerLogger {
  log(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Tells whether an error means "a dependency is unavailable" rather than "this message failed". */
export type InfrastructureFailureCheck = (error: unknown) => boolean;

/** Whether the group consumes right now and, when not, why. */
export interface ConsumerStatus {
  readonly up: boolean;
  readonly detail?: string;
}

/** Where a message first came from, before any retry topic. */
export interface Origin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** A parked message with where it came from and why it was parked. */
export interface DeadLetter {
  /** Address of the dead letter itself: `<dead-letter topic>:<partition>:<offset>`. */
  readonly ref: string;
  readonly deadLetterTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  /** The original message's headers, without the dead-letter ones. */
  readonly headers: HeaderMap;
  readonly original: Origin;
  readonly group: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: Date;
}
