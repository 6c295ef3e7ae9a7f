import { Module } from '@nestjs/common';
import { PaymentRequestedHandler } from './authorize-payment/payment-requested.handler';
import { AuthorizePayments } from './authorize-payment/authorize-payments';
import { CardProcessor } from './card-processor/card-processor';
import { SimulatedCardProcessor } from './card-processor/simulated-card-processor';
import { GetPayment } from './get-payment/get-payment';
import { PaymentController } from './get-payment/payment.controller';
import { LedgerBalance } from './ledger-balance/ledger-balance';
import { LedgerBalanceController } from './ledger-balance/ledger-balance.controller';
import { PaymentsRepository } from './payments.repository';
import { OrderClosedHandler } from './refund-payment/order-closed.handler';
import { RefundPayments } from './refund-payment/refund-payments';

@Module({
  // The ledger route comes first: /payments/ledger/balance must not be taken for /payments/:orderId.
  controllers: [LedgerBalanceController, PaymentController, PaymentRequestedHandler, OrderClosedHandler],
  providers: [
    PaymentsRepository,
    AuthorizePayments,
    RefundPayments,
    GetPayment,
    LedgerBalance,
    { provide: CardProcessor, useClass: SimulatedCardProcessor },
  ],
})
export class PaymentsModule {}
