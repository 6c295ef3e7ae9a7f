import {
  BadGatewayException,
  Controller,
  Get,
  HttpException,
  type MessageEvent,
  NotFoundException,
  Param,
  Sse,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { type Section, Upstream, messageOf } from '../upstream/upstream';
import { OrdersFeed, type OrdersSnapshot } from './orders-feed';
import {
  type AnalysedTimeline,
  type FraudCheckView,
  type NotificationView,
  type OrderView,
  type PaymentView,
  analyseTimeline,
  mergeTimeline,
} from './timeline';

export interface OrderTimelineView extends AnalysedTimeline {
  readonly order: Omit<OrderView, 'timeline'>;
  readonly fraudCheck: Section<FraudCheckView>;
  readonly payment: Section<PaymentView>;
  readonly notifications: Section<NotificationView[]>;
}

@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly upstream: Upstream,
    private readonly feed: OrdersFeed,
  ) {}

  /** The newest orders, as the stream sends them. */
  @Get()
  async list(): Promise<OrdersSnapshot> {
    const snapshot = await this.feed.snapshot();
    if (snapshot.status !== 'ok') throw new BadGatewayException(snapshot.message);
    return snapshot;
  }

  /** Server-sent events: `orders` with the newest orders whenever they change, `unavailable` when orders is down. */
  @Sse('stream')
  stream(): Observable<MessageEvent> {
    return this.feed.events;
  }

  /** The order's events across services, with the gap before each and the longest hop. */
  @Get(':id/timeline')
  async timeline(@Param('id') id: string): Promise<OrderTimelineView> {
    const encoded = encodeURIComponent(id);
    const answer = await this.upstream.get<OrderView>('orders', `/orders/${encoded}`);
    if (answer.status === 404) throw new NotFoundException(messageOf(answer.body) ?? `no order ${id}`);
    if (answer.status !== 200)
      throw new HttpException(answer.body ?? `orders answered ${answer.status}`, answer.status);
    const [fraudCheck, payment, notifications] = await Promise.all([
      this.upstream.section<FraudCheckView>('fraud-detection', `/fraud-checks/${encoded}`),
      this.upstream.section<PaymentView>('payments', `/payments/${encoded}`),
      this.upstream.section<NotificationView[]>('notifications', `/notifications?orderId=${encoded}`),
    ]);
    const { timeline: _timeline, ...order } = answer.body;
    const events = mergeTimeline(answer.body, {
      fraudCheck: valueOf(fraudCheck),
      payment: valueOf(payment),
      notifications: valueOf(notifications),
    });
    return { order, ...analyseTimeline(events), fraudCheck, payment, notifications };
  }
}

function valueOf<T>(section: Section<T>): T | undefined {
  return section.status === 'ok' ? section.value : undefined;
}
