import { namespaceFor, parseSchemaPath, pascalCase, screamingSnakeCase } from './naming';

describe('names derived from a schema path', () => {
  it('derives topic, constant, record name, namespace and module from the path', () => {
    expect(parseSchemaPath('schemas/orders/order-placed.v1.avsc')).toEqual({
      file: 'schemas/orders/order-placed.v1.avsc',
      producer: 'orders',
      event: 'order-placed',
      version: 1,
      topic: 'orders.order-placed.v1',
      topicConst: 'ORDER_PLACED_V1',
      recordName: 'OrderPlaced',
      namespace: 'surge.orders',
      typeSuffix: 'V1',
      moduleFile: 'order-placed.v1.ts',
    });
  });

  it('maps the fraud-detection directory to the surge.fraud namespace', () => {
    const name = parseSchemaPath('schemas/fraud-detection/fraud-check-completed.v12.avsc');
    expect(name.namespace).toBe('surge.fraud');
    expect(name.topic).toBe('fraud-detection.fraud-check-completed.v12');
    expect(name.topicConst).toBe('FRAUD_CHECK_COMPLETED_V12');
  });

  it('refuses a hyphenated producer it has no namespace for', () => {
    expect(() => namespaceFor('gift-cards')).toThrow(/NAMESPACE_SEGMENT_BY_PRODUCER/);
  });

  it.each([
    'schemas/order-placed.v1.avsc',
    'schemas/orders/order-placed.avsc',
    'schemas/orders/OrderPlaced.v1.avsc',
    'schemas/orders/order-placed.v0.avsc',
    'schemas/orders/order_placed.v1.avsc',
    'schemas/orders/nested/order-placed.v1.avsc',
  ])('refuses %s', (file) => {
    expect(() => parseSchemaPath(file)).toThrow(/schemas\/<producer>\/<event-kebab>\.v<N>\.avsc/);
  });

  it('converts between cases', () => {
    expect(pascalCase('payment-requested')).toBe('PaymentRequested');
    expect(screamingSnakeCase('InventoryRejectionReason')).toBe('INVENTORY_REJECTION_REASON');
    expect(screamingSnakeCase('order-placed')).toBe('ORDER_PLACED');
  });
});
