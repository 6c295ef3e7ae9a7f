import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { Topic } from '@surge/contracts';
import type { FailurePolicy } from './failure-policy';
import { EventErrorPassThroughFilter } from './pass-through.filter';

export interface OnEventOptions {
  /** Consumer group; one Kafka consumer per group. Defaults to the service name. */
  readonly group?: string;
  /** Every subscription names its failure policy (retryThenDeadLetter): there is no default. */
  readonly onFailure: FailurePolicy;
}

export interface OnEventExtras {
  readonly surge: { readonly group?: string; readonly policy: FailurePolicy };
}

/**
 * Subscribes a method to a topic. The method receives a batch of
 * `Delivered<Event>` from one partition, in offset order, and should handle it
 * in one database transaction.
 */
export function OnEvent(topic: Topic, options: OnEventOptions): MethodDecorator {
  const extras: OnEventExtras = { surge: { group: options.group, policy: options.onFailure } };
  // The filter keeps the handler's own error (and its `retriable` flag) intact.
  return applyDecorators(EventPattern(topic, extras), UseFilters(EventErrorPassThroughFilter));
}
