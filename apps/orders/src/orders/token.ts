import { isFinal } from './domain/order-saga';
import type { LockedOrder } from './orders.repository';

/** The payment token is kept only until PaymentRequested carries it to payments, or the order is final. */
export function withTokenKeptWhileNeeded(order: LockedOrder): LockedOrder {
  const needed = !order.state.paymentRequested && !isFinal(order.state.status);
  return needed ? order : { ...order, paymentToken: null };
}
