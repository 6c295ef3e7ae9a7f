import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NotificationView } from '../domain/notification';
import { ListNotifications } from './list-notifications';
import { ListNotificationsQuery, NotificationResponse } from './list-notifications.dto';

/** Its class and method names make the OpenAPI operationId (NotificationsController_list), part of the public document. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: ListNotifications) {}

  @Get()
  @ApiOperation({ summary: 'Notifications, newest first; filters combine' })
  @ApiOkResponse({ type: [NotificationResponse] })
  @ApiBadRequestResponse({ description: 'An unknown or malformed query parameter, each one named' })
  list(@Query() query: ListNotificationsQuery): Promise<NotificationView[]> {
    return this.notifications.list(query);
  }
}
