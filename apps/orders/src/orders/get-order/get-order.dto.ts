import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { OrderSummaryView, toSummary } from '../list-orders/list-orders.dto';
import type { OrderWithTimeline } from '../orders.repository';

/** The :id of every /orders/:id route. */
export class OrderIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;
}

export class TimelineEntryView {
  @ApiProperty({ example: 'OrderPlaced', description: 'The saga event name' })
  type!: string;

  @ApiProperty({ format: 'date-time', description: 'When the event happened, ISO 8601 UTC' })
  at!: string;
}

export class OrderView extends OrderSummaryView {
  @ApiProperty({ type: [TimelineEntryView], description: 'Every saga event the order saw, in the order it saw them' })
  timeline!: TimelineEntryView[];
}

export function toView(order: OrderWithTimeline): OrderView {
  return { ...toSummary(order), timeline: order.timeline.map(({ type, at }) => ({ type, at: at.toISOString() })) };
}
