/**
 * What the messaging layer reports about itself. The service's platform
 * implements it over its Prometheus registry; tests and tools can leave it out.
 */
export interface MessagingMetrics {
  /** Events a group finished with: handled (effect committed or a redelivery skipped) or parked as dead letters. */
  eventsConsumed(labels: { topic: string; group: string; outcome: 'handled' | 'dead_lettered' }, count: number): void;
  /** Time one handler call took for a batch, in seconds. */
  handlerSeconds(labels: { topic: string; group: string }, seconds: number): void;
  /** Events published, by topic. */
  eventsProduced(labels: { topic: string }, count: number): void;
  /** An event moved to a group's retry tier (`tier` is "1", "2", ...). */
  retried(labels: { topic: string; group: string; tier: string }): void;
  /** An event parked on a group's dead-letter topic. */
  deadLettered(labels: { topic: string; group: string }): void;
}

export const NO_MESSAGING_METRICS: MessagingMetrics = {
  eventsConsumed: () => undefined,
  handlerSeconds: () => undefined,
  eventsProduced: () => undefined,
  retried: () => undefined,
  deadLettered: () => undefined,
};
