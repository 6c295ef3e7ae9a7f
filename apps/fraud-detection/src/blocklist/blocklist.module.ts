import { Module } from '@nestjs/common';
import { AddToBlocklistController } from './add-to-blocklist/add-to-blocklist.controller';
import { AddToBlocklist } from './add-to-blocklist/add-to-blocklist';
import { BlocklistRepository } from './blocklist.repository';
import { ListBlocklistController } from './list-blocklist/list-blocklist.controller';
import { ListBlocklist } from './list-blocklist/list-blocklist';
import { RemoveFromBlocklistController } from './remove-from-blocklist/remove-from-blocklist.controller';
import { RemoveFromBlocklist } from './remove-from-blocklist/remove-from-blocklist';

/** Customers and cards to reject; checks read them through BlocklistRepository. */
@Module({
  controllers: [ListBlocklistController, AddToBlocklistController, RemoveFromBlocklistController],
  providers: [BlocklistRepository, ListBlocklist, AddToBlocklist, RemoveFromBlocklist],
  exports: [BlocklistRepository],
})
export class BlocklistModule {}
