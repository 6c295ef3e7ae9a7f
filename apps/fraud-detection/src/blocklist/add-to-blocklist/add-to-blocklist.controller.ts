import { Body, Controller, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BlocklistEntryView } from '../list-blocklist/list-blocklist.dto';
import { AddToBlocklist } from './add-to-blocklist';
import { BlocklistEntryBody } from './add-to-blocklist.dto';

@ApiTags('blocklist')
@Controller('blocklist')
export class AddToBlocklistController {
  constructor(private readonly addToBlocklist: AddToBlocklist) {}

  @Post()
  // The operationId published before /blocklist had one controller per use case.
  @ApiOperation({
    operationId: 'BlocklistController_add',
    summary: 'Block a customer, a card, or both; orders scored afterwards are rejected',
  })
  @ApiCreatedResponse({ type: BlocklistEntryView })
  @ApiBadRequestResponse({
    description: 'Neither customerId nor cardFingerprint, or either malformed, or an unknown field.',
  })
  @ApiConflictResponse({ description: 'The same entry exists (code FRAUD.BLOCKLIST_ENTRY_EXISTS).' })
  async add(@Body() body: BlocklistEntryBody): Promise<BlocklistEntryView> {
    return BlocklistEntryView.from(await this.addToBlocklist.add(body));
  }
}
