import type { AuthorizationOutcome } from '../domain/payment';

export interface AuthorizationRequest {
  /** Idempotency key for the processor: one authorization per order, even if asked twice. */
  readonly orderId: string;
  readonly customerId: string;
  /** Minor units of `currency`. */
  readonly amount: bigint;
  readonly currency: string;
  /** Processor token of the card, e.g. `tok_visa_DE`; never a card number. */
  readonly token: string;
}

/**
 * The port to a card processor. A real adapter must pass `orderId` as its
 * idempotency key: authorization runs inside the consumer's database
 * transaction, so a rolled-back batch asks again for the same orders.
 */
export abstract class CardProcessor {
  abstract authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome>;
}
