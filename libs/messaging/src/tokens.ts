import type { ServiceName } from '@surge/contracts';
import type { Tracer } from '@opentelemetry/api';
import type { MessagingMetrics } from './metrics';

export interface MessagingOptions {
  readonly service: ServiceName;
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  /** 1 on a single local broker; 3 in production. */
  readonly replicationFactor?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly metrics?: MessagingMetrics;
  /** The service's tracer: send and process spans, their context in each message's traceparent header. */
  readonly tracer?: Tracer;
  /**
   * Tells errors that mean a dependency of the handlers is unavailable (the
   * service's database down), in addition to Node's network errors. Consumers
   * wait those out, uncounted, instead of dead-lettering every event.
   */
  readonly isInfrastructureFailure?: (error: unknown) => boolean;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const KAFKA = Symbol('KAFKA');
