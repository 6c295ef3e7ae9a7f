import { Injectable } from '@nestjs/common';
import { DomainError } from '@surge/platform';
import type { Payment } from '../domain/payment';
import { PaymentsRepository } from '../payments.repository';

@Injectable()
export class GetPayment {
  constructor(private readonly payments: PaymentsRepository) {}

  async byOrderId(orderId: string): Promise<Payment> {
    const payment = await this.payments.findPayment(orderId);
    if (!payment) {
      throw new DomainError('PAYMENTS.PAYMENT_NOT_FOUND', `no payment was attempted for order ${orderId}`, 'not_found');
    }
    return payment;
  }
}
