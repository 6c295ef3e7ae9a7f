import type { ServiceName } from '@surge/contracts';

export interface MessagingOptions {
  readonly service: ServiceName;
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  /** 1 on a single local broker; 3 in production. */
  readonly replicationFactor?: number;
  readonly partitionsConsumedConcurrently?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const KAFKA = Symbol('KAFKA');
