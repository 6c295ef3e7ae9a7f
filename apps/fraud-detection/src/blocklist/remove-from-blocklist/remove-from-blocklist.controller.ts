import { BadRequestException, Controller, Delete, HttpCode, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { RemoveFromBlocklist } from './remove-from-blocklist';

const entryId = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(['id: must be a UUID']) });

@ApiTags('blocklist')
@Controller('blocklist')
export class RemoveFromBlocklistController {
  constructor(private readonly removeFromBlocklist: RemoveFromBlocklist) {}

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  // The operationId published before /blocklist had one controller per use case.
  @ApiOperation({ operationId: 'BlocklistController_remove', summary: 'Remove a blocklist entry' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such entry (code FRAUD.BLOCKLIST_ENTRY_NOT_FOUND).' })
  async remove(@Param('id', entryId) id: string): Promise<void> {
    await this.removeFromBlocklist.remove(id);
  }
}
