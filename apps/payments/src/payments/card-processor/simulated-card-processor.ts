import { Injectable } from '@nestjs/common';
import { parseCardToken } from '../domain/card-token';
import type { AuthorizationOutcome } from '../domain/payment';
import { type AuthorizationRequest, CardProcessor } from './card-processor';

/** The test tokens of docs/DESIGN.md; the country suffix (`_DE`) does not change the outcome. */
export function simulatedOutcome(token: string): AuthorizationOutcome {
  switch (parseCardToken(token).base) {
    case 'tok_visa':
    case 'tok_mastercard':
      return { status: 'AUTHORIZED' };
    case 'tok_chargeDeclined':
      return { status: 'DECLINED', reason: 'CARD_DECLINED' };
    case 'tok_insufficientFunds':
      return { status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' };
    default:
      return { status: 'DECLINED', reason: 'INVALID_TOKEN' };
  }
}

/** A processor that decides by token alone, with no I/O: deterministic, hence idempotent. */
@Injectable()
export class SimulatedCardProcessor extends CardProcessor {
  authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome> {
    return Promise.resolve(simulatedOutcome(request.token));
  }
}
