import { eventually, type Order, type PlaceOrder, type SurgeClient, unique } from '@surge/testing';

/** The saga's tests read as rules: given products, when an order is placed, then it ends so. */
export function sagaDsl(api: () => SurgeClient) {
  const given = {
    async product({ stock = 10, unitPrice = 1_000 }: { stock?: number; unitPrice?: number } = {}) {
      const sku = unique('SKU');
      const created = await api().createProduct({ sku, name: `Product ${sku}`, unitPrice, currency: 'EUR', stock });
      expect(created.status).toBe(201);
      return { sku, unitPrice };
    },
  };

  function anOrder(
    lines: [{ sku: string; unitPrice: number }, number][],
    overrides: Partial<PlaceOrder> = {},
  ): PlaceOrder {
    return {
      customerId: unique('customer'),
      currency: 'EUR',
      items: lines.map(([product, quantity]) => ({ sku: product.sku, quantity, unitPrice: product.unitPrice })),
      payment: { token: 'tok_visa' },
      shippingAddress: { country: 'US', city: 'Springfield' },
      ...overrides,
    };
  }

  const when = {
    async placed(order: PlaceOrder): Promise<string> {
      const answer = await api().placeOrder(order);
      expect(answer.status).toBe(202);
      expect(answer.body.status).toBe('PENDING');
      expect(answer.headers.get('location')).toBe(`/orders/${answer.body.orderId}`);
      return answer.body.orderId;
    },
  };

  const then = {
    async orderIs(orderId: string, status: Order['status'], reason?: string): Promise<Order> {
      return eventually(
        async () => {
          const { status: http, body } = await api().order(orderId);
          expect(http).toBe(200);
          expect({ status: body.status, reason: body.reason }).toEqual({ status, reason });
          return body;
        },
        { timeoutMs: 45_000, intervalMs: 200, description: `order ${orderId} ${status}` },
      );
    },
    async stockOf(sku: string, expected: { available: number; reserved: number; sold: number }) {
      await eventually(
        async () => {
          const { body } = await api().product(sku);
          expect({ available: body.available, reserved: body.reserved, sold: body.sold }).toEqual(expected);
        },
        { timeoutMs: 30_000, description: `stock of ${sku}` },
      );
    },
    async notified(orderId: string, type: string) {
      await eventually(
        async () => {
          const { body } = await api().notifications(orderId);
          expect(body.map((n) => n.type)).toContain(type);
        },
        { timeoutMs: 30_000, description: `${type} notification for ${orderId}` },
      );
    },
  };

  return { given, anOrder, when, then };
}
