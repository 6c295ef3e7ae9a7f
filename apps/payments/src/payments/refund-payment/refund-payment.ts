import { Injectable, Logger } from '@nestjs/common';
import type { ORDER_CANCELLED_V1, ORDER_REJECTED_V1, OrderCancelledV1, OrderRejectedV1 } from '@surge/contracts';
import { type DeliveredOn, PoisonEventError } from '@surge/messaging';
import { TransactionRunner } from '@surge/persistence';
import type { PaymentsTransaction } from '../../database';
import { refundMovement } from '../domain/ledger';
import { isUuid } from '../domain/order-id';
import type { RefundReason } from '../domain/payment';
import { paymentRefundedEvent } from '../payments.events';
import { PaymentsRepository } from '../payments.repository';

type OrderClosed = DeliveredOn<typeof ORDER_CANCELLED_V1> | DeliveredOn<typeof ORDER_REJECTED_V1>;

/**
 * OrderCancelled / OrderRejected → the order is closed for payments. An
 * AUTHORIZED payment is refunded in full (PaymentRefunded, status REFUNDED);
 * a declined, refunded or missing one needs nothing. The closure is recorded
 * either way, so a PaymentRequested arriving later does not charge.
 */
@Injectable()
export class RefundPayments {
  private readonly log = new Logger(RefundPayments.name);

  constructor(
    private readonly transactions: TransactionRunner<PaymentsTransaction>,
    private readonly payments: PaymentsRepository,
  ) {}

  async handle(batch: readonly OrderClosed[], reason: RefundReason): Promise<void> {
    for (const { event } of batch) {
      if (!isUuid(event.orderId)) throw new PoisonEventError(`${reason} ${event.eventId}: orderId is not a UUID`);
    }

    await this.transactions.consume(batch, async (tx, fresh, outbox) => {
      // The first closing event of an order in the batch is the cause of its refund.
      const causes = new Map<string, OrderCancelledV1 | OrderRejectedV1>();
      for (const { event } of fresh) if (!causes.has(event.orderId)) causes.set(event.orderId, event);
      const orderIds = [...causes.keys()];

      await this.payments.lockOrders(tx, orderIds);
      await this.payments.closeOrders(tx, orderIds, reason);
      const refunded = await this.payments.refundAuthorized(tx, orderIds, reason);
      await this.payments.recordMovements(
        tx,
        refunded.map((payment) => ({
          paymentId: payment.paymentId,
          movement: refundMovement(payment.amount, payment.currency),
        })),
      );

      for (const payment of refunded) {
        const cause = causes.get(payment.orderId) as OrderCancelledV1 | OrderRejectedV1;
        outbox.add(paymentRefundedEvent(payment, reason, cause));
        this.log.log({
          msg: 'payment refunded',
          orderId: payment.orderId,
          correlationId: cause.correlationId,
          paymentId: payment.paymentId,
          reason,
        });
      }
      for (const [orderId, cause] of causes) {
        if (!refunded.some((payment) => payment.orderId === orderId)) {
          this.log.log({ msg: 'order closed, nothing to refund', orderId, correlationId: cause.correlationId, reason });
        }
      }
    });
  }
}
