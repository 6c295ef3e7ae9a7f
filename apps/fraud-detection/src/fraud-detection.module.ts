import { Module } from '@nestjs/common';
import { BlocklistController } from './blocklist/blocklist.controller';
import { BlocklistRepository } from './blocklist/blocklist.repository';
import { Blocklist } from './blocklist/blocklist.service';
import { CheckPlacedOrders } from './checks/check-placed-orders';
import { FraudChecksController } from './checks/fraud-checks.controller';
import { FraudChecksRepository } from './checks/fraud-checks.repository';
import { FraudChecks } from './checks/fraud-checks.service';
import { OrderPlacedHandler } from './checks/order-placed.handler';
import { RulesController } from './rules/rules.controller';
import { RulesRepository } from './rules/rules.repository';
import { FraudRulesService } from './rules/rules.service';

/** The fraud-detection domain: rules, blocklist, and the checks of placed orders. */
@Module({
  controllers: [RulesController, BlocklistController, FraudChecksController, OrderPlacedHandler],
  providers: [
    RulesRepository,
    FraudRulesService,
    BlocklistRepository,
    Blocklist,
    FraudChecksRepository,
    FraudChecks,
    CheckPlacedOrders,
  ],
})
export class FraudDetectionModule {}
