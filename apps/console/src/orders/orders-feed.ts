import { Inject, Injectable, type MessageEvent, type OnModuleDestroy } from '@nestjs/common';
import { type Observable, Subject, distinctUntilChanged, exhaustMap, map, shareReplay, takeUntil, timer } from 'rxjs';
import type { ConsoleConfig } from '../console.config';
import { CONSOLE_CONFIG } from '../tokens';
import { ServiceUnavailableError, Upstream, messageOf } from '../upstream/upstream';
import type { OrderView } from './timeline';

/** The orders list as the feed last saw it: GET /orders?limit=50, newest first. */
export const FEED_SIZE = 50;

export type OrdersSnapshot =
  | { readonly status: 'ok'; readonly orders: readonly OrderView[]; readonly total: number | null; readonly at: string }
  | { readonly status: 'unavailable'; readonly message: string; readonly at: string };

/** How long a browser waits before it reconnects a dropped stream, in ms. */
const RECONNECT_MS = 2_000;

/**
 * The live orders list behind GET /api/orders/stream: one poll of the orders service shared by
 * every open stream, running only while one is open, and sent on only when it changed (a new
 * order, a status that moved) or the service went away. A new stream gets the latest at once.
 */
@Injectable()
export class OrdersFeed implements OnModuleDestroy {
  private readonly stopped = new Subject<void>();
  readonly events: Observable<MessageEvent>;

  constructor(
    private readonly upstream: Upstream,
    @Inject(CONSOLE_CONFIG) config: ConsoleConfig,
  ) {
    this.events = timer(0, config.ORDERS_POLL_MS).pipe(
      exhaustMap(() => this.poll()),
      distinctUntilChanged((a, b) => a.fingerprint === b.fingerprint),
      map(({ snapshot }): MessageEvent => ({
        type: snapshot.status === 'ok' ? 'orders' : 'unavailable',
        data: snapshot,
        retry: RECONNECT_MS,
      })),
      // Shutdown completes every stream, which ends its response: the HTTP server can then close.
      takeUntil(this.stopped),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
  }

  async snapshot(): Promise<OrdersSnapshot> {
    return (await this.poll()).snapshot;
  }

  onModuleDestroy(): void {
    this.stopped.next();
    this.stopped.complete();
  }

  private async poll(): Promise<{ snapshot: OrdersSnapshot; fingerprint: string }> {
    const at = new Date().toISOString();
    try {
      const answer = await this.upstream.get<OrderView[]>('orders', `/orders?limit=${FEED_SIZE}`);
      if (answer.status !== 200 || !Array.isArray(answer.body)) {
        const message = `orders: GET /orders answered ${answer.status}${messageOf(answer.body) ? `: ${messageOf(answer.body)}` : ''}`;
        return { snapshot: { status: 'unavailable', message, at }, fingerprint: `unavailable ${message}` };
      }
      const total = Number(answer.headers.get('x-total-count'));
      return {
        snapshot: { status: 'ok', orders: answer.body, total: Number.isFinite(total) ? total : null, at },
        fingerprint: JSON.stringify(answer.body),
      };
    } catch (error: unknown) {
      if (!(error instanceof ServiceUnavailableError)) throw error;
      return {
        snapshot: { status: 'unavailable', message: error.message, at },
        fingerprint: `unavailable ${error.message}`,
      };
    }
  }
}
