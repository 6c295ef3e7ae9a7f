import type { ServiceName } from '@surge/contracts';

/** A product of the sale, with the stock it was created with. */
export interface SaleProduct {
  readonly sku: string;
  readonly unitPrice: number;
  readonly stock: number;
}

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** One order the sale sent: when it was due, how it was answered. */
export interface SentOrder {
  readonly n: number;
  readonly lines: readonly OrderLine[];
  /** When the open model scheduled it (ms since the epoch): latency counts from here, not from a late send. */
  readonly dueAt: number;
  status?: number;
  orderId?: string;
  error?: string;
}

export const CURRENCY = 'EUR';

/**
 * The n-th order of a sale: one product, one or two units. Half the orders go
 * to the hottest tenth of the catalogue, as in a flash sale where a few items
 * sell out at once; the rest spread over every product.
 */
export function saleOrder(n: number, products: readonly SaleProduct[]): OrderLine[] {
  const hot = Math.max(1, Math.floor(products.length / 10));
  const index = n % 2 === 0 ? (n / 2) % hot : (n * 7919) % products.length;
  const product = products[index];
  return [{ sku: product.sku, quantity: 1 + (Math.floor(n / 3) % 2), unitPrice: product.unitPrice }];
}

export type ServiceUrls = Readonly<Record<ServiceName, string>>;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    // An answer later than this counts as none (the open model keeps sending).
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Creates the sale's products through the inventory API. */
export async function seedCatalogue(
  urls: ServiceUrls,
  runId: string,
  count: number,
  stock: number,
): Promise<SaleProduct[]> {
  const products = Array.from({ length: count }, (_, i) => ({
    sku: `bench-${runId}-${String(i).padStart(3, '0')}`,
    unitPrice: 1_000 + i * 10,
    stock,
  }));
  for (let i = 0; i < products.length; i += 10) {
    await Promise.all(
      products.slice(i, i + 10).map(async ({ sku, unitPrice }) => {
        const answer = await post(`${urls.inventory}/products`, {
          sku,
          name: `Flash sale item ${sku}`,
          unitPrice,
          currency: CURRENCY,
          stock,
        });
        if (answer.status !== 201) throw new Error(`creating ${sku}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }),
    );
  }
  return products;
}

/**
 * Places the sale's orders through POST /orders. With a rate, an open model:
 * order n is due at start + n / rate and is sent then, whatever the answers
 * before it are doing; without one, `concurrency` clients send back to back.
 */
export class OrderDriver {
  readonly sent: SentOrder[] = [];
  private inFlight = 0;

  constructor(
    private readonly urls: ServiceUrls,
    private readonly products: readonly SaleProduct[],
    private readonly runId: string,
    private readonly onAnswered: (order: SentOrder) => void = () => undefined,
  ) {}

  get requestsInFlight(): number {
    return this.inFlight;
  }

  async run(orders: number, rate: number | undefined, concurrency: number): Promise<void> {
    if (rate === undefined) {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, orders) }, async () => {
          while (next < orders) await this.place(next++, Date.now());
        }),
      );
      return;
    }
    const start = Date.now();
    const pending: Promise<void>[] = [];
    for (let n = 0; n < orders; n++) {
      const dueAt = start + (n * 1000) / rate;
      const wait = dueAt - Date.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(this.place(n, dueAt));
    }
    await Promise.all(pending);
  }

  private async place(n: number, dueAt: number): Promise<void> {
    const order: SentOrder = { n, lines: saleOrder(n, this.products), dueAt };
    this.sent.push(order);
    this.inFlight++;
    try {
      const answer = await post(
        `${this.urls.orders}/orders`,
        {
          // One customer per order: the fraud velocity rule must not decide a sale.
          customerId: `bench-${this.runId}-${n}`,
          currency: CURRENCY,
          items: order.lines,
          payment: { token: 'tok_visa' },
          shippingAddress: { country: 'DE', city: 'Berlin' },
        },
        { 'idempotency-key': `bench-${this.runId}-${n}` },
      );
      order.status = answer.status;
      if (answer.status === 202 && typeof answer.body.orderId === 'string') order.orderId = answer.body.orderId;
      else order.error = `${answer.status} ${JSON.stringify(answer.body)}`;
    } catch (error) {
      order.error =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    } finally {
      this.inFlight--;
      this.onAnswered(order);
    }
  }
}
