import { producerOfEvent } from '@surge/contracts';

/**
 * An order's timeline across services, and the hop that took longest: pure functions over what
 * the services' REST APIs answered (GET /orders/:id, /fraud-checks/:orderId, /payments/:orderId,
 * /notifications?orderId=).
 */

/** One entry of GET /orders/:id's `timeline`: docs/DESIGN.md's `type` and `at`; a `service` or `eventId` is used if an answer has one. */
export interface OrderTimelineEntry {
  readonly type: string;
  /** ISO 8601: when the producing service says the event occurred. */
  readonly at: string;
  readonly service?: string | null;
  readonly eventId?: string | null;
}

export interface OrderView {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  readonly reason?: string;
  readonly totalAmount: number;
  readonly currency: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly items: readonly { sku: string; quantity: number; unitPrice: number }[];
  readonly timeline?: readonly OrderTimelineEntry[];
}

export interface FraudCheckView {
  readonly decision: string;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface PaymentView {
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly reason?: string;
}

export interface NotificationView {
  readonly id: string;
  readonly type: string;
  readonly channel: string;
  readonly status: string;
  readonly createdAt: string;
  readonly subject?: string;
}

/** An event on the merged timeline, before the gaps are computed. */
export interface TimelineEvent {
  readonly type: string;
  readonly at: string;
  /** The service that produced the event; inferred from the event type when the answer did not say. */
  readonly service: string | null;
  readonly eventId: string | null;
  /** What the event decided, from the service that owns it (a fraud score, a payment's amount). */
  readonly detail: string | null;
}

export interface TimelineStep extends TimelineEvent {
  /** Time since the previous event, in ms; null for the first (and for an unreadable time). */
  readonly gapMs: number | null;
  /** This event ends the longest hop. */
  readonly longest: boolean;
}

export interface LongestHop {
  /** Index in `steps` of the event that ends the hop. */
  readonly index: number;
  readonly from: string;
  readonly to: string;
  /** The service that produced the later event: the one the hop waited for. */
  readonly service: string | null;
  readonly gapMs: number;
}

export interface AnalysedTimeline {
  readonly steps: readonly TimelineStep[];
  readonly longestHop: LongestHop | null;
  /** From the first event to the last, in ms; null with fewer than two timed events. */
  readonly spanMs: number | null;
}

/** The service that produces an event type (`PaymentAuthorized` → `payments`), or null when unknown. */
export function producerOfEventType(type: string): string | null {
  return producerOfEvent(type) ?? null;
}

/**
 * Orders the events by time (events with the same time keep their order; unreadable times go
 * last), computes the gap before each, and finds the longest hop: the largest gap between
 * consecutive events, attributed to the service that produced the later one. On a tie the
 * earlier hop wins.
 */
export function analyseTimeline(events: readonly TimelineEvent[]): AnalysedTimeline {
  const timed = events.map((event, position) => ({ event, position, time: Date.parse(event.at) }));
  timed.sort((a, b) => {
    const aKnown = Number.isFinite(a.time);
    const bKnown = Number.isFinite(b.time);
    if (aKnown && bKnown && a.time !== b.time) return a.time - b.time;
    if (aKnown !== bKnown) return aKnown ? -1 : 1;
    return a.position - b.position;
  });

  const gaps: (number | null)[] = [];
  let hop: { index: number; gapMs: number } | null = null;
  for (const [index, { time }] of timed.entries()) {
    const previous = index === 0 ? NaN : timed[index - 1].time;
    const gapMs = Number.isFinite(time) && Number.isFinite(previous) ? time - previous : null;
    gaps.push(gapMs);
    if (gapMs !== null && (hop === null || gapMs > hop.gapMs)) hop = { index, gapMs };
  }

  const steps = timed.map(({ event }, index) => ({ ...event, gapMs: gaps[index], longest: hop?.index === index }));
  const times = timed.map(({ time }) => time).filter(Number.isFinite);
  return {
    steps,
    longestHop:
      hop === null
        ? null
        : {
            index: hop.index,
            from: steps[hop.index - 1].type,
            to: steps[hop.index].type,
            service: steps[hop.index].service,
            gapMs: hop.gapMs,
          },
    spanMs: times.length < 2 ? null : times[times.length - 1] - times[0],
  };
}

export interface TimelineSources {
  readonly fraudCheck?: FraudCheckView;
  readonly payment?: PaymentView;
  readonly notifications?: readonly NotificationView[];
}

/**
 * The order's own timeline (which records every saga event orders produced or consumed), each
 * event named with its producer and what it decided, plus the notifications sent about it.
 */
export function mergeTimeline(order: OrderView, sources: TimelineSources = {}): TimelineEvent[] {
  const fromOrders = (order.timeline ?? []).map((entry): TimelineEvent => ({
    type: entry.type,
    at: entry.at,
    service: entry.service ?? producerOfEventType(entry.type),
    eventId: entry.eventId ?? null,
    detail: detailOf(entry.type, order, sources),
  }));
  const notifications = (sources.notifications ?? []).map((notification): TimelineEvent => ({
    type: 'Notification',
    at: notification.createdAt,
    service: 'notifications',
    eventId: notification.id,
    detail: `${notification.type} to ${notification.channel} (${notification.status})`,
  }));
  return [...fromOrders, ...notifications];
}

function detailOf(type: string, order: OrderView, { fraudCheck, payment }: TimelineSources): string | null {
  switch (type) {
    case 'OrderPlaced':
      return `${order.items.length} line(s), ${money(order.totalAmount, order.currency)}`;
    case 'FraudCheckCompleted':
      if (!fraudCheck) return null;
      return `${fraudCheck.decision}, score ${fraudCheck.score}${fraudCheck.reasons.length > 0 ? ` (${fraudCheck.reasons.join(', ')})` : ''}`;
    case 'PaymentAuthorized':
      return payment ? money(payment.amount, payment.currency) : null;
    case 'PaymentDeclined':
    case 'PaymentRefunded':
      return payment?.reason ?? null;
    case 'OrderRejected':
      return order.reason ?? null;
    default:
      return null;
  }
}

/** Minor units as a decimal amount: 5000 EUR → "50.00 EUR" (two decimals, as every test currency has). */
export function money(minorUnits: number, currency: string): string {
  return `${(minorUnits / 100).toFixed(2)} ${currency}`;
}
