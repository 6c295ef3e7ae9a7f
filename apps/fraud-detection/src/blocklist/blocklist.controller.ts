import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { BlocklistEntry } from './blocklist.repository';
import { BlocklistEntryBody, BlocklistEntryView } from './blocklist.dto';
import { Blocklist } from './blocklist.service';

const entryId = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(['id: must be a UUID']) });

@ApiTags('blocklist')
@Controller('blocklist')
export class BlocklistController {
  constructor(private readonly blocklist: Blocklist) {}

  @Get()
  @ApiOperation({ summary: 'Every blocklist entry, oldest first' })
  @ApiOkResponse({ type: BlocklistEntryView, isArray: true })
  async list(): Promise<BlocklistEntryView[]> {
    return (await this.blocklist.list()).map(view);
  }

  @Post()
  @ApiOperation({ summary: 'Block a customer, a card, or both; orders scored afterwards are rejected' })
  @ApiCreatedResponse({ type: BlocklistEntryView })
  @ApiBadRequestResponse({
    description: 'Neither customerId nor cardFingerprint, or either malformed, or an unknown field.',
  })
  @ApiConflictResponse({ description: 'The same entry exists (code FRAUD.BLOCKLIST_ENTRY_EXISTS).' })
  async add(@Body() body: BlocklistEntryBody): Promise<BlocklistEntryView> {
    return view(await this.blocklist.add(body));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a blocklist entry' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID.' })
  @ApiNotFoundResponse({ description: 'No such entry (code FRAUD.BLOCKLIST_ENTRY_NOT_FOUND).' })
  async remove(@Param('id', entryId) id: string): Promise<void> {
    await this.blocklist.remove(id);
  }
}

function view(entry: BlocklistEntry): BlocklistEntryView {
  return {
    id: entry.id,
    customerId: entry.customerId,
    cardFingerprint: entry.cardFingerprint,
    createdAt: entry.createdAt.toISOString(),
  };
}
