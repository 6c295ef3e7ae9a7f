import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { PAYMENT_STATUSES, type Payment, type PaymentStatus } from '../domain/payment';

export class OrderIdParams {
  @ApiProperty({ format: 'uuid', description: 'Id of the order the payment is for.' })
  @IsUUID()
  orderId!: string;
}

export class PaymentResponse {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ enum: PAYMENT_STATUSES })
  status!: PaymentStatus;

  @ApiProperty({ description: 'Minor units of currency (cents for EUR).', example: 2500 })
  amount!: number;

  @ApiProperty({ description: 'ISO 4217 code.', example: 'EUR' })
  currency!: string;

  @ApiPropertyOptional({
    description:
      'DECLINED: CARD_DECLINED, INSUFFICIENT_FUNDS or INVALID_TOKEN. REFUNDED: ORDER_CANCELLED or ORDER_REJECTED. Absent for AUTHORIZED.',
    example: 'CARD_DECLINED',
  })
  reason?: string;

  static from(payment: Payment): PaymentResponse {
    return {
      orderId: payment.orderId,
      status: payment.status,
      amount: Number(payment.amount),
      currency: payment.currency,
      ...(payment.reason ? { reason: payment.reason } : {}),
    };
  }
}
