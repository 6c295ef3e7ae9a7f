import { ApiProperty } from '@nestjs/swagger';
import {
  NOTIFICATION_STATUSES,
  NOTIFICATION_TYPES,
  type NotificationStatus,
  type NotificationType,
} from '../domain/notification';

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The customer who placed the order' })
  customerId!: string;

  @ApiProperty()
  orderId!: string;

  @ApiProperty({ enum: NOTIFICATION_TYPES })
  type!: NotificationType;

  @ApiProperty({ enum: ['customer', 'operations'], description: 'Who it is for' })
  channel!: string;

  @ApiProperty({
    enum: NOTIFICATION_STATUSES,
    description: 'PENDING until every configured delivery channel took it (SENT) or the attempts ran out (FAILED)',
  })
  status!: NotificationStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty()
  subject!: string;

  @ApiProperty()
  body!: string;
}
