import { Module } from '@nestjs/common';
import { GetRulesController } from './get-rules/get-rules.controller';
import { GetRules } from './get-rules/get-rules';
import { ReplaceRulesController } from './replace-rules/replace-rules.controller';
import { ReplaceRules } from './replace-rules/replace-rules';
import { RulesRepository } from './rules.repository';

/** The thresholds the fraud rules compare against; checks read them through RulesRepository. */
@Module({
  controllers: [GetRulesController, ReplaceRulesController],
  providers: [RulesRepository, GetRules, ReplaceRules],
  exports: [RulesRepository],
})
export class RulesModule {}
