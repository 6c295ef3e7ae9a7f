import { Module } from '@nestjs/common';
import { BlocklistModule } from '../blocklist/blocklist.module';
import { RulesModule } from '../rules/rules.module';
import { CheckOrders } from './check-order/check-order';
import { OrderPlacedHandler } from './check-order/order-placed.handler';
import { ChecksRepository } from './checks.repository';
import { FraudChecksController } from './get-fraud-check/get-fraud-check.controller';
import { GetFraudCheck } from './get-fraud-check/get-fraud-check';

/** The checks of placed orders, scored against the rules' thresholds and the blocklist. */
@Module({
  imports: [RulesModule, BlocklistModule],
  controllers: [FraudChecksController, OrderPlacedHandler],
  providers: [ChecksRepository, GetFraudCheck, CheckOrders],
})
export class ChecksModule {}
