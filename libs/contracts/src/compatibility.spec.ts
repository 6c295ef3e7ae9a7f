import * as avro from 'avsc';
import { canRead, isBackwardCompatible, isForwardCompatible } from './compatibility';
import {
  FraudCheckCompletedV1Schema,
  InventoryRejectedV1Schema,
  OrderConfirmedV1Schema,
  SCHEMAS_BY_TOPIC,
  TOPICS,
} from './generated';

type Json = { fields: { name: string; type: unknown; default?: unknown; doc?: string }[] } & Record<string, unknown>;
const copy = (schema: object): Json => JSON.parse(JSON.stringify(schema)) as Json;

const withField = (schema: object, field: Json['fields'][number]): Json => {
  const next = copy(schema);
  next.fields.push(field);
  return next;
};
const withoutField = (schema: object, name: string): Json => {
  const next = copy(schema);
  next.fields = next.fields.filter((field) => field.name !== name);
  return next;
};
/** Rewrites the enum of the named field; the enum is declared inline in that field. */
const withEnum = (schema: object, fieldName: string, change: (enumType: Record<string, unknown>) => void): Json => {
  const next = copy(schema);
  const field = next.fields.find((f) => f.name === fieldName);
  change(field?.type as Record<string, unknown>);
  return next;
};

describe('schema compatibility', () => {
  it.each(TOPICS)('finds %s compatible with itself', (topic) => {
    expect(isBackwardCompatible(SCHEMAS_BY_TOPIC[topic], SCHEMAS_BY_TOPIC[topic])).toEqual({ compatible: true });
  });

  it('accepts an added optional field with a default, both ways', () => {
    const next = withField(OrderConfirmedV1Schema, {
      name: 'loyaltyPoints',
      type: ['null', 'long'],
      default: null,
      doc: 'points earned',
    });
    expect(isBackwardCompatible(next, OrderConfirmedV1Schema).compatible).toBe(true);
    expect(isForwardCompatible(next, OrderConfirmedV1Schema).compatible).toBe(true);
  });

  it('refuses an added field without a default: new consumers cannot read old events', () => {
    const next = withField(OrderConfirmedV1Schema, { name: 'loyaltyPoints', type: 'long', doc: 'points earned' });
    const result = isBackwardCompatible(next, OrderConfirmedV1Schema);
    expect(result.compatible).toBe(false);
    expect(result.compatible ? '' : result.reason).toMatch(/loyaltyPoints/);
  });

  it('refuses a removed field that had no default: old consumers cannot read new events', () => {
    const next = withoutField(OrderConfirmedV1Schema, 'customerId');
    expect(isForwardCompatible(next, OrderConfirmedV1Schema).compatible).toBe(false);
    expect(isBackwardCompatible(next, OrderConfirmedV1Schema).compatible).toBe(true);
  });

  it('refuses a changed field type', () => {
    const next = copy(OrderConfirmedV1Schema);
    next.fields = next.fields.map((f) => (f.name === 'totalAmount' ? { ...f, type: 'string' } : f));
    expect(isBackwardCompatible(next, OrderConfirmedV1Schema).compatible).toBe(false);
  });

  it('lets old consumers read a new enum symbol as the enum default', () => {
    const next = withEnum(InventoryRejectedV1Schema, 'reason', (e) => {
      e['symbols'] = [...(e['symbols'] as string[]), 'DISCONTINUED'];
    });
    expect(isForwardCompatible(next, InventoryRejectedV1Schema).compatible).toBe(true);

    const writer = avro.Type.forSchema(next as avro.Schema);
    const reader = avro.Type.forSchema(InventoryRejectedV1Schema as unknown as avro.Schema);
    const event = {
      eventId: '6f1c2b8e-3d4a-4f5b-9c6d-7e8f9a0b1c2d',
      correlationId: 'c',
      causationId: null,
      occurredAt: 1,
      orderId: 'o',
      reason: 'DISCONTINUED',
      sku: 'SKU-1',
      detail: 'no longer sold',
    };
    const read = reader.fromBuffer(writer.toBuffer(event), reader.createResolver(writer)) as { reason: string };
    expect(read.reason).toBe('OTHER');
  });

  it('would refuse a new enum symbol for old consumers if the enum had no default', () => {
    const withoutDefault = withEnum(FraudCheckCompletedV1Schema, 'decision', (e) => {
      delete e['default'];
    });
    const next = withEnum(withoutDefault, 'decision', (e) => {
      e['symbols'] = [...(e['symbols'] as string[]), 'REVIEW'];
    });
    expect(isForwardCompatible(next, withoutDefault).compatible).toBe(false);
    expect(isForwardCompatible(next, FraudCheckCompletedV1Schema).compatible).toBe(true);
  });

  it('reports a schema avsc cannot parse as incompatible, with the reason', () => {
    const result = canRead(
      { type: 'record', name: 'X', fields: [{ name: 'a', type: 'nope' }] },
      OrderConfirmedV1Schema,
    );
    expect(result.compatible).toBe(false);
    expect(result.compatible ? '' : result.reason).toMatch(/undefined type name: nope/);
  });
});
