/**
 * What the services' operator endpoints answer, as JSON: the shapes both the
 * services (which write them) and the console (which reads them) compile against.
 */

/** One entry of a service's GET /dead-letters: where the message came from, why it was parked, the event if it decodes. */
export interface DeadLetterView {
  /** Address of the dead letter itself: `<dead-letter topic>:<partition>:<offset>`. */
  readonly ref: string;
  readonly group: string;
  /** The topic the message was consumed from. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly eventType: string | null;
  readonly error: string;
  readonly attempts: number;
  /** ISO 8601. */
  readonly failedAt: string;
  /** The dead letter this one is a replay of, when a replayed message failed again. */
  readonly replayedFrom: string | null;
  /** The decoded event; null when it could not be decoded (payloadError says why). */
  readonly payload: unknown;
  readonly payloadError: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** The answer of a service's POST /dead-letters/:ref/replay: the dead letter was sent back to `replayedTo`. */
export interface DeadLetterReplayed {
  readonly ref: string;
  readonly replayedTo: string;
}

/** One row of a service's GET /consumer-lag: how far one consumer group's committed offset trails one partition's end. */
export interface PartitionLag {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** null when the group has committed nothing on this partition yet. */
  readonly committedOffset: string | null;
  readonly endOffset: string;
  /** Messages not yet consumed: end minus committed, or end minus the partition's start when nothing is committed. */
  readonly lag: number;
}

/** A product with its stock, as inventory's GET /products and GET /products/:sku answer it. */
export interface ProductStockView {
  readonly sku: string;
  readonly name: string;
  /** Minor units of `currency`. */
  readonly unitPrice: number;
  readonly currency: string;
  /** Units that can be reserved. */
  readonly available: number;
  /** Units held for orders not yet confirmed. */
  readonly reserved: number;
  /** Units of confirmed orders. */
  readonly sold: number;
}
