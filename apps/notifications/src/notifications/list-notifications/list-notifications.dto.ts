import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  NOTIFICATION_STATUSES,
  NOTIFICATION_TYPES,
  type NotificationStatus,
  type NotificationType,
} from '../domain/notification';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 50;

/** `GET /notifications` query; an unknown parameter is refused (400). */
export class ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'Only notifications about orders of this customer', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  customerId?: string;

  @ApiPropertyOptional({ description: 'Only notifications about this order', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  orderId?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_TYPES, description: 'Only notifications of this type' })
  @IsOptional()
  @IsIn(NOTIFICATION_TYPES)
  type?: NotificationType;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

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
