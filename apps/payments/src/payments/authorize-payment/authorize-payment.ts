import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { PAYMENT_REQUESTED_V1, PaymentRequestedV1 } from '@surge/contracts';
import { type DeliveredOn, PoisonEventError } from '@surge/messaging';
import { TransactionRunner } from '@surge/persistence';
import type { PaymentsTransaction } from '../../database';
import { CardProcessor } from '../card-processor/card-processor';
import { authorizationMovement } from '../domain/ledger';
import { decideOnRequest, type Payment, paymentFromOutcome, problemWithAmount } from '../domain/payment';
import { isUuid } from '../domain/order-id';
import { paymentOutcomeEvent } from '../payments.events';
import { PaymentsRepository } from '../payments.repository';

/**
 * PaymentRequested → one authorization per order → PaymentAuthorized or
 * PaymentDeclined. A batch is one transaction: the payments, their ledger
 * entries, the events and the inbox marks commit together or not at all.
 */
@Injectable()
export class AuthorizePayments {
  private readonly log = new Logger(AuthorizePayments.name);

  constructor(
    private readonly transactions: TransactionRunner<PaymentsTransaction>,
    private readonly payments: PaymentsRepository,
    private readonly processor: CardProcessor,
  ) {}

  async handle(batch: readonly DeliveredOn<typeof PAYMENT_REQUESTED_V1>[]): Promise<void> {
    for (const { event } of batch) assertChargeable(event);

    await this.transactions.consume(batch, async (tx, fresh, outbox) => {
      const orderIds = fresh.map(({ event }) => event.orderId);
      await this.payments.lockOrders(tx, orderIds);
      const states = await this.payments.paymentStates(tx, orderIds);

      const planned: Payment[] = [];
      const requests = new Map<string, PaymentRequestedV1>();
      for (const { event } of fresh) {
        const state = states.get(event.orderId) ?? { attempted: false, closed: false };
        const decision = decideOnRequest(state);
        if (decision !== 'authorize') {
          this.log.log({
            msg: `payment not attempted: ${decision}`,
            orderId: event.orderId,
            correlationId: event.correlationId,
          });
          continue;
        }
        const request = {
          orderId: event.orderId,
          customerId: event.customerId,
          amount: BigInt(event.amount),
          currency: event.currency,
        };
        const outcome = await this.processor.authorize({ ...request, token: event.paymentToken });
        planned.push(paymentFromOutcome(request, randomUUID(), outcome));
        requests.set(event.orderId, event);
        states.set(event.orderId, { ...state, attempted: true });
      }

      const inserted = await this.payments.insertPayments(tx, planned);
      await this.payments.recordMovements(
        tx,
        inserted
          .filter((payment) => payment.status === 'AUTHORIZED')
          .map((payment) => ({
            paymentId: payment.paymentId,
            movement: authorizationMovement(payment.amount, payment.currency),
          })),
      );
      for (const payment of inserted) {
        const cause = requests.get(payment.orderId) as PaymentRequestedV1;
        outbox.add(paymentOutcomeEvent(payment, cause));
        this.log.log({
          msg: `payment ${payment.status.toLowerCase()}`,
          orderId: payment.orderId,
          correlationId: cause.correlationId,
          paymentId: payment.paymentId,
          reason: payment.reason ?? undefined,
        });
      }
    });
  }
}

function assertChargeable(event: PaymentRequestedV1): void {
  if (!isUuid(event.orderId)) throw new PoisonEventError(`PaymentRequested ${event.eventId}: orderId is not a UUID`);
  const problem = problemWithAmount(event.amount, event.currency);
  if (problem) throw new PoisonEventError(`PaymentRequested ${event.eventId} for order ${event.orderId}: ${problem}`);
}
