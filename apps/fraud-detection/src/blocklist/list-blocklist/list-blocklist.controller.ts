import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListBlocklist } from './list-blocklist';
import { BlocklistEntryView } from './list-blocklist.dto';

@ApiTags('blocklist')
@Controller('blocklist')
export class ListBlocklistController {
  constructor(private readonly listBlocklist: ListBlocklist) {}

  @Get()
  // The operationId published before /blocklist had one controller per use case.
  @ApiOperation({ operationId: 'BlocklistController_list', summary: 'Every blocklist entry, oldest first' })
  @ApiOkResponse({ type: BlocklistEntryView, isArray: true })
  async list(): Promise<BlocklistEntryView[]> {
    return (await this.listBlocklist.all()).map((entry) => BlocklistEntryView.from(entry));
  }
}
