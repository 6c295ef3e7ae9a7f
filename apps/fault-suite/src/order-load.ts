import { randomUUID } from 'node:crypto';
import type { PlaceOrder, SurgeClient } from '@surge/testing';

/** A product the load orders from, with the stock it was created with. */
export interface SeededProduct {
  readonly sku: string;
  readonly unitPrice: number;
  readonly stock: number;
}

/** An order the service accepted (202 or, on a retried key, 200). */
export interface AcceptedOrder {
  readonly orderId: string;
  readonly idempotencyKey: string;
  readonly request: PlaceOrder;
}

export interface OrderLoadOptions {
  readonly ratePerSecond: number;
  readonly products: readonly SeededProduct[];
  /** The currency of every product. */
  readonly currency: string;
  /** Requests in flight at most; beyond it the load skips a tick (and says so in `skipped`). */
  readonly maxInFlight?: number;
}

/** What the n-th order of a run looks like: most pay, some are declined, some name an unknown sku, some are cancelled. */
export type OrderKind = 'PAYS' | 'DECLINED' | 'UNKNOWN_SKU' | 'CANCELLED_BY_CUSTOMER';

export function orderKind(n: number): OrderKind {
  switch (n % 20) {
    case 3:
      return 'DECLINED';
    case 7:
      return 'UNKNOWN_SKU';
    case 11:
    case 17:
      return 'CANCELLED_BY_CUSTOMER';
    default:
      return 'PAYS';
  }
}

/**
 * A steady stream of orders through the public API, as a shop's clients would
 * send them during a sale: every request carries an Idempotency-Key, and a
 * request that gets no answer (the connection refused or cut, a 5xx) is sent
 * again with the same key until it is answered. So the load knows every order
 * the service accepted, even one whose 202 was lost when the service died.
 */
export class OrderLoad {
  /** By order id. */
  readonly accepted = new Map<string, AcceptedOrder>();
  /** Requests sent but not yet answered with 2xx, by idempotency key. */
  private readonly unanswered = new Map<string, PlaceOrder>();
  /** Answers a client must never see for a well-formed order (4xx other than the expected ones). */
  readonly refusals: string[] = [];
  private readonly cancels = new Set<Promise<void>>();
  private sent = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly pending = new Set<Promise<void>>();
  skipped = 0;

  constructor(
    private readonly api: SurgeClient,
    private readonly options: OrderLoadOptions,
    private readonly runId: string = randomUUID().slice(0, 8),
  ) {}

  get attempted(): number {
    return this.sent;
  }

  get unansweredCount(): number {
    return this.unanswered.size;
  }

  start(): void {
    if (this.timer) return;
    const tickMs = 50;
    let due = 0;
    this.timer = setInterval(() => {
      due += (this.options.ratePerSecond * tickMs) / 1000;
      while (due >= 1) {
        due -= 1;
        if (this.inFlight >= (this.options.maxInFlight ?? 64)) {
          this.skipped++;
          continue;
        }
        this.track(this.placeNext());
      }
    }, tickMs);
  }

  /** Stops sending new orders; requests in flight finish. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.pending]);
  }

  /** Sends every unanswered request again (same key) once; true when none is left unanswered. */
  async resendUnanswered(): Promise<boolean> {
    await Promise.all([...this.unanswered].map(([key, request]) => this.send(key, request)));
    await Promise.all([...this.cancels]);
    return this.unanswered.size === 0;
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async placeNext(): Promise<void> {
    const n = this.sent++;
    const request = this.orderRequest(n);
    await this.send(`${this.runId}-${n}`, request, orderKind(n) === 'CANCELLED_BY_CUSTOMER');
  }

  private orderRequest(n: number): PlaceOrder {
    const { products, currency } = this.options;
    const kind = orderKind(n);
    const first = products[n % products.length];
    const second = products[(n * 7 + 3) % products.length];
    const items = [{ sku: first.sku, quantity: 1 + (n % 3), unitPrice: first.unitPrice }];
    if (second.sku !== first.sku && n % 2 === 0)
      items.push({ sku: second.sku, quantity: 1, unitPrice: second.unitPrice });
    if (kind === 'UNKNOWN_SKU') items.push({ sku: `no-such-sku-${this.runId}`, quantity: 1, unitPrice: 100 });
    return {
      // One customer per order: the velocity rule must not decide the outcome.
      customerId: `load-${this.runId}-${n}`,
      currency,
      items,
      payment: { token: kind === 'DECLINED' ? 'tok_chargeDeclined' : 'tok_visa' },
      shippingAddress: { country: 'US', city: 'Springfield' },
    };
  }

  private async send(key: string, request: PlaceOrder, cancelAfterwards = false): Promise<void> {
    this.inFlight++;
    this.unanswered.set(key, request);
    try {
      const answer = await this.api.placeOrder(request, key);
      if (answer.status === 200 || answer.status === 202) {
        this.unanswered.delete(key);
        const { orderId } = answer.body;
        this.accepted.set(orderId, { orderId, idempotencyKey: key, request });
        if (cancelAfterwards) this.cancelSoon(orderId);
      } else if (answer.status < 500) {
        this.unanswered.delete(key);
        this.refusals.push(`${key}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      // 5xx: still unanswered, sent again by resendUnanswered().
    } catch {
      // Connection refused or cut: still unanswered.
    } finally {
      this.inFlight--;
    }
  }

  /** The customer changes their mind while the saga runs: 202, or 409 when the order already ended. */
  private cancelSoon(orderId: string): void {
    const cancel = (async () => {
      for (let attempt = 0; attempt < 200; attempt++) {
        try {
          const answer = await this.api.cancel(orderId);
          if (answer.status === 202 || answer.status === 409) return;
          if (answer.status < 500) {
            this.refusals.push(`cancel ${orderId}: ${answer.status} ${JSON.stringify(answer.body)}`);
            return;
          }
        } catch {
          // The service is away: try again.
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      this.refusals.push(`cancel ${orderId}: never answered`);
    })();
    this.cancels.add(cancel);
    void cancel.finally(() => this.cancels.delete(cancel));
  }
}
