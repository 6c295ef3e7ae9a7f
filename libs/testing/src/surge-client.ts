import type { DeadLetterView, PartitionLag, ServiceName } from '@surge/contracts';

/** A thin client of the public REST API of docs/DESIGN.md, for the tests. */
export interface Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface Product {
  sku: string;
  name: string;
  unitPrice: number;
  currency: string;
  available: number;
  reserved: number;
  sold: number;
}

export interface Order {
  orderId: string;
  customerId: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED';
  reason?: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
  totalAmount: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
  timeline: { type: string; at: string }[];
}

export interface Payment {
  orderId: string;
  status: 'AUTHORIZED' | 'DECLINED' | 'REFUNDED';
  amount: number;
  currency: string;
  reason?: string;
}

export interface LedgerBalance {
  authorized: number;
  refunded: number;
  net: number;
  balanced: boolean;
  currencies: { currency: string; authorized: number; refunded: number; net: number; balanced: boolean }[];
}

export interface Notification {
  id: string;
  customerId: string;
  orderId: string;
  type: string;
  channel: string;
  status: string;
  subject: string;
  body: string;
}

export interface PlaceOrder {
  customerId: string;
  currency: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
  payment: { token: string };
  shippingAddress: { country: string; city?: string };
}

export class SurgeClient {
  /** The base URL of each service it will call; a test of one service names that one only. */
  constructor(private readonly urls: Readonly<Partial<Record<ServiceName, string>>>) {}

  async call<T>(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const base = this.urls[service];
    if (!base) throw new Error(`SurgeClient was given no URL for ${service}`);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  createProduct(product: { sku: string; name: string; unitPrice: number; currency: string; stock: number }) {
    return this.call<Product>('inventory', 'POST', '/products', product);
  }

  product(sku: string) {
    return this.call<Product>('inventory', 'GET', `/products/${sku}`);
  }

  placeOrder(order: PlaceOrder, idempotencyKey?: string) {
    return this.call<{ orderId: string; status: string }>(
      'orders',
      'POST',
      '/orders',
      order,
      idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
    );
  }

  order(orderId: string) {
    return this.call<Order>('orders', 'GET', `/orders/${orderId}`);
  }

  cancel(orderId: string) {
    return this.call<unknown>('orders', 'POST', `/orders/${orderId}/cancel`);
  }

  payment(orderId: string) {
    return this.call<Payment>('payments', 'GET', `/payments/${orderId}`);
  }

  ledgerBalance() {
    return this.call<LedgerBalance>('payments', 'GET', '/payments/ledger/balance');
  }

  fraudCheck(orderId: string) {
    return this.call<{ orderId: string; decision: string; score: number; reasons: string[] }>(
      'fraud-detection',
      'GET',
      `/fraud-checks/${orderId}`,
    );
  }

  blocklist(entry: { customerId?: string; cardFingerprint?: string }) {
    return this.call<{ id: string }>('fraud-detection', 'POST', '/blocklist', entry);
  }

  notifications(orderId: string) {
    return this.call<Notification[]>('notifications', 'GET', `/notifications?orderId=${orderId}`);
  }

  deadLetters(service: ServiceName) {
    return this.call<DeadLetterView[]>(service, 'GET', '/dead-letters');
  }

  replayDeadLetter(service: ServiceName, ref: string) {
    return this.call<{ ref: string; replayedTo: string }>(
      service,
      'POST',
      `/dead-letters/${encodeURIComponent(ref)}/replay`,
    );
  }

  consumerLag(service: ServiceName) {
    return this.call<PartitionLag[]>(service, 'GET', '/consumer-lag');
  }
}
