import { Module } from '@nestjs/common';
import { AuthorizePayments } from './authorize-payment/authorize-payment';
import { PaymentRequestedHandler } from './authorize-payment/payment-requested.handler';
import { CardProcessor } from './card-processor/card-processor';
import { SimulatedCardProcessor } from './card-processor/simulated-card-processor';
import { GetLedgerBalance } from './get-ledger-balance/get-ledger-balance';
import { LedgerBalanceController } from './get-ledger-balance/get-ledger-balance.controller';
import { GetPayment } from './get-payment/get-payment';
import { PaymentController } from './get-payment/get-payment.controller';
import { PaymentsRepository } from './payments.repository';
import { OrderClosedHandler } from './refund-payment/order-closed.handler';
import { RefundPayments } from './refund-payment/refund-payment';

@Module({
  // The ledger route comes first: /payments/ledger/balance must not be taken for /payments/:orderId.
  controllers: [LedgerBalanceController, PaymentController, PaymentRequestedHandler, OrderClosedHandler],
  providers: [
    PaymentsRepository,
    AuthorizePayments,
    RefundPayments,
    GetPayment,
    GetLedgerBalance,
    { provide: CardProcessor, useClass: SimulatedCardProcessor },
  ],
})
export class PaymentsModule {}
