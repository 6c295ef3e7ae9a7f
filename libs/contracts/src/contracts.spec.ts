import * as avro from 'avsc';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CATALOGUE,
  CATALOGUE_BY_TOPIC,
  eventName,
  producerOfEvent,
  ENVELOPE_FIELDS,
  type EventsByTopic,
  FRAUD_CHECK_COMPLETED_V1,
  INVENTORY_REJECTED_V1,
  INVENTORY_RELEASED_V1,
  INVENTORY_RESERVED_V1,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_DECLINED_V1,
  PAYMENT_REFUNDED_V1,
  PAYMENT_REQUESTED_V1,
  SCHEMAS_BY_TOPIC,
  SCHEMA_FILES_BY_TOPIC,
  SERVICES,
  TOPICS,
  type Topic,
  topicsConsumedBy,
  topicsProducedBy,
} from './index';

// The one I/O these tests do: reading the .avsc files, the source of truth.
const repoRoot = join(__dirname, '..', '..', '..');
interface FieldSchema {
  name: string;
  type: unknown;
  doc?: string;
  default?: unknown;
}
interface RecordSchema {
  type: string;
  name: string;
  namespace?: string;
  doc?: string;
  fields: FieldSchema[];
}
function schemaFiles(dir = join(repoRoot, 'schemas')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? schemaFiles(join(dir, entry.name))
      : entry.name.endsWith('.avsc')
        ? [relative(repoRoot, join(dir, entry.name)).split('\\').join('/')]
        : [],
  );
}
const files = schemaFiles().sort();
const schemaIn = (file: string): RecordSchema => JSON.parse(readFileSync(join(repoRoot, file), 'utf8')) as RecordSchema;
const topicOf = (file: string): string => {
  const [, producer, event] = /^schemas\/([^/]+)\/(.+)\.avsc$/.exec(file) ?? [];
  return `${producer}.${event}`;
};

/** Every record field in a schema, nested records included, with a path for messages. */
function allFields(schema: RecordSchema): { path: string; field: FieldSchema }[] {
  const found: { path: string; field: FieldSchema }[] = [];
  const visit = (type: unknown, path: string): void => {
    if (Array.isArray(type)) type.forEach((branch) => visit(branch, path));
    else if (type && typeof type === 'object') {
      const t = type as { type: string; fields?: FieldSchema[]; items?: unknown; values?: unknown };
      if (t.fields) {
        for (const field of t.fields) {
          found.push({ path: `${path}.${field.name}`, field });
          visit(field.type, `${path}.${field.name}`);
        }
      }
      if (t.items) visit(t.items, path);
      if (t.values) visit(t.values, path);
    }
  };
  visit(schema, schema.name);
  return found;
}

/** Named types of a given kind (enum, record) declared anywhere in a schema. */
function namedTypes(schema: RecordSchema, kind: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (type: unknown): void => {
    if (Array.isArray(type)) type.forEach(visit);
    else if (type && typeof type === 'object') {
      const t = type as Record<string, unknown>;
      if (t['type'] === kind) found.push(t);
      for (const key of ['fields', 'items', 'values'] as const) {
        const child = t[key];
        if (key === 'fields' && Array.isArray(child)) (child as FieldSchema[]).forEach((f) => visit(f.type));
        else if (child !== undefined) visit(child);
      }
    }
  };
  visit(schema);
  return found;
}

const envelope = {
  eventId: '6f1c2b8e-3d4a-4f5b-9c6d-7e8f9a0b1c2d',
  correlationId: 'corr-1',
  causationId: null,
  occurredAt: 1_764_000_000_123,
  orderId: 'ord-1',
};
const caused = { ...envelope, causationId: '0b7f2d4e-8a9c-4e1f-a2b3-c4d5e6f7a8b9' };

/** One valid event per topic; the type makes a missing topic or a wrong field a compile error. */
const SAMPLES: { [T in Topic]: EventsByTopic[T] } = {
  [ORDER_PLACED_V1]: {
    ...envelope,
    customerId: 'cus-1',
    currency: 'EUR',
    lines: [
      { sku: 'SKU-1', quantity: 2, unitPrice: 1_999 },
      { sku: 'SKU-2', quantity: 1, unitPrice: 500 },
    ],
    totalAmount: 4_498,
    paymentTokenFingerprint: 'a'.repeat(64),
    cardCountry: 'DE',
    shippingCountry: 'FR',
  },
  [INVENTORY_RESERVED_V1]: { ...caused, lines: [{ sku: 'SKU-1', quantity: 2 }] },
  [INVENTORY_REJECTED_V1]: {
    ...caused,
    reason: 'OUT_OF_STOCK',
    sku: 'SKU-1',
    detail: 'SKU-1: 2 requested, 1 available',
  },
  [INVENTORY_RELEASED_V1]: { ...caused, lines: [], reason: 'ORDER_REJECTED', wasSold: false },
  [FRAUD_CHECK_COMPLETED_V1]: {
    ...caused,
    customerId: 'cus-1',
    decision: 'REJECTED',
    score: 90,
    reasons: ['BLOCKLISTED_CARD', 'COUNTRY_MISMATCH'],
    totalAmount: 4_498,
    currency: 'EUR',
  },
  [PAYMENT_REQUESTED_V1]: {
    ...caused,
    customerId: 'cus-1',
    amount: 4_498,
    currency: 'EUR',
    paymentToken: 'tok_visa_DE',
  },
  [PAYMENT_AUTHORIZED_V1]: { ...caused, paymentId: 'pay-1', customerId: 'cus-1', amount: 4_498, currency: 'EUR' },
  [PAYMENT_DECLINED_V1]: {
    ...caused,
    customerId: 'cus-1',
    reason: 'INSUFFICIENT_FUNDS',
    amount: 4_498,
    currency: 'EUR',
  },
  [PAYMENT_REFUNDED_V1]: {
    ...caused,
    paymentId: 'pay-1',
    customerId: 'cus-1',
    amount: 4_498,
    currency: 'EUR',
    reason: 'ORDER_CANCELLED',
  },
  [ORDER_CONFIRMED_V1]: { ...caused, customerId: 'cus-1', totalAmount: 4_498, currency: 'EUR' },
  [ORDER_REJECTED_V1]: {
    ...caused,
    customerId: 'cus-1',
    reason: 'PAYMENT_DECLINED',
    detail: null,
    totalAmount: 123_456_789_012_345,
    currency: 'JPY',
  },
  [ORDER_CANCELLED_V1]: { ...caused, customerId: 'cus-1', totalAmount: 4_498, currency: 'EUR' },
};

describe('schemas', () => {
  it('has one schema file per event of the saga', () => {
    expect(files.map(topicOf)).toEqual(
      [
        'fraud-detection.fraud-check-completed.v1',
        'inventory.inventory-rejected.v1',
        'inventory.inventory-released.v1',
        'inventory.inventory-reserved.v1',
        'orders.order-cancelled.v1',
        'orders.order-confirmed.v1',
        'orders.order-placed.v1',
        'orders.order-rejected.v1',
        'orders.payment-requested.v1',
        'payments.payment-authorized.v1',
        'payments.payment-declined.v1',
        'payments.payment-refunded.v1',
      ].sort(),
    );
  });

  describe.each(files)('%s', (file) => {
    const schema = schemaIn(file);

    it('is a valid Avro record that avsc parses', () => {
      expect(schema.type).toBe('record');
      expect(() => avro.Type.forSchema(schema as avro.Schema)).not.toThrow();
    });

    it('is embedded unchanged in the generated code', () => {
      const topic = topicOf(file) as Topic;
      expect(SCHEMA_FILES_BY_TOPIC[topic]).toBe(file);
      expect(SCHEMAS_BY_TOPIC[topic]).toEqual(schema);
    });

    it('starts with the envelope fields, in order, with their types', () => {
      const head = schema.fields
        .slice(0, ENVELOPE_FIELDS.length)
        .map(({ name, type, default: d }) => (d === undefined ? { name, type } : { name, type, default: d }));
      expect(head).toEqual(ENVELOPE_FIELDS);
    });

    it('documents the record and every field', () => {
      expect(schema.doc).toEqual(expect.any(String));
      const undocumented = allFields(schema)
        .filter(({ field }) => !field.doc?.trim())
        .map(({ path }) => path);
      expect(undocumented).toEqual([]);
    });

    it('gives every enum a default symbol, so that symbols can be added compatibly', () => {
      for (const enumType of namedTypes(schema, 'enum')) {
        expect(enumType['symbols']).toContain(enumType['default']);
      }
    });

    const money = allFields(schema).filter(({ field }) => /minor units/i.test(field.doc ?? ''));

    it('keeps money as a long in minor units, in every field named like an amount', () => {
      for (const { path, field } of money) expect({ path, type: field.type }).toEqual({ path, type: 'long' });
      const amountNamed = allFields(schema).filter(({ field }) => /amount$|price$/i.test(field.name));
      expect(amountNamed.map(({ path }) => path)).toEqual(money.map(({ path }) => path));
    });

    if (money.length > 0) {
      it('states the ISO 4217 currency of its amounts', () => {
        expect(schema.fields).toContainEqual(expect.objectContaining({ name: 'currency', type: 'string' }));
      });
    }
  });
});

describe('generated code and avsc agree', () => {
  it.each(TOPICS)('round-trips a %s event unchanged', (topic) => {
    const type = avro.Type.forSchema(SCHEMAS_BY_TOPIC[topic] as avro.Schema);
    const sample = SAMPLES[topic];
    expect(type.isValid(sample)).toBe(true);
    const decoded: unknown = type.fromBuffer(type.toBuffer(sample));
    expect(decoded).toEqual(sample);
  });

  it('decodes occurredAt as epoch millis in a number, not a Date', () => {
    const type = avro.Type.forSchema(SCHEMAS_BY_TOPIC[ORDER_PLACED_V1] as avro.Schema);
    const decoded = type.fromBuffer(type.toBuffer(SAMPLES[ORDER_PLACED_V1])) as EventsByTopic[typeof ORDER_PLACED_V1];
    expect(typeof decoded.occurredAt).toBe('number');
    expect(decoded.occurredAt).toBe(envelope.occurredAt);
  });

  it('refuses an event whose enum holds an unknown symbol', () => {
    const type = avro.Type.forSchema(SCHEMAS_BY_TOPIC[ORDER_REJECTED_V1] as avro.Schema);
    expect(type.isValid({ ...SAMPLES[ORDER_REJECTED_V1], reason: 'BORED' })).toBe(false);
  });

  it('refuses an amount that is not a whole number of minor units', () => {
    const type = avro.Type.forSchema(SCHEMAS_BY_TOPIC[ORDER_CONFIRMED_V1] as avro.Schema);
    expect(type.isValid({ ...SAMPLES[ORDER_CONFIRMED_V1], totalAmount: 44.98 })).toBe(false);
  });

  it('refuses an amount a JS number cannot hold exactly, rather than rounding it', () => {
    const type = avro.Type.forSchema(SCHEMAS_BY_TOPIC[ORDER_CONFIRMED_V1] as avro.Schema);
    expect(type.isValid({ ...SAMPLES[ORDER_CONFIRMED_V1], totalAmount: 2 ** 53 })).toBe(false);
    expect(type.isValid({ ...SAMPLES[ORDER_CONFIRMED_V1], totalAmount: 2 ** 40 })).toBe(true);
  });
});

describe('catalogue', () => {
  it('has exactly one entry per schema file, with the topic its path implies', () => {
    expect(CATALOGUE.map((entry) => entry.topic).sort()).toEqual(files.map(topicOf).sort());
    for (const entry of CATALOGUE) expect(CATALOGUE_BY_TOPIC[entry.topic]).toBe(entry);
  });

  it.each(CATALOGUE.map((entry) => [entry.topic, entry] as const))('describes %s consistently', (_topic, entry) => {
    expect(entry.schemaFile).toBe(files.find((file) => topicOf(file) === entry.topic));
    expect(entry.schemaFile.split('/')[1]).toBe(entry.producer);
    expect(SERVICES).toContain(entry.producer);
    expect(entry.consumers.length).toBeGreaterThan(0);
    expect(new Set(entry.consumers).size).toBe(entry.consumers.length);
    expect(entry.consumers).not.toContain(entry.producer);
    for (const consumer of entry.consumers) expect(SERVICES).toContain(consumer);
    expect(entry.key).toBe('orderId');
    expect(schemaIn(entry.schemaFile).fields).toContainEqual(
      expect.objectContaining({ name: entry.key, type: 'string' }),
    );
    expect(Number.isInteger(entry.partitions) && entry.partitions > 0).toBe(true);
  });

  it.each(CATALOGUE.map((entry) => [entry.topic, entry] as const))(
    'names the event of %s as its schema does, and knows who publishes it',
    (_topic, entry) => {
      expect(eventName(entry.topic)).toBe(schemaIn(entry.schemaFile).name);
      expect(producerOfEvent(eventName(entry.topic))).toBe(entry.producer);
    },
  );

  it('knows no producer for a name outside the catalogue', () => {
    expect(producerOfEvent('OrderShipped')).toBeUndefined();
  });

  it('routes the saga as docs/DESIGN.md describes it', () => {
    expect(topicsConsumedBy('inventory').sort()).toEqual(
      [ORDER_PLACED_V1, ORDER_CONFIRMED_V1, ORDER_REJECTED_V1, ORDER_CANCELLED_V1].sort(),
    );
    expect(topicsConsumedBy('fraud-detection')).toEqual([ORDER_PLACED_V1]);
    expect(topicsConsumedBy('payments').sort()).toEqual(
      [PAYMENT_REQUESTED_V1, ORDER_REJECTED_V1, ORDER_CANCELLED_V1].sort(),
    );
    expect(topicsConsumedBy('notifications').sort()).toEqual(
      [ORDER_CONFIRMED_V1, ORDER_REJECTED_V1, ORDER_CANCELLED_V1, PAYMENT_REFUNDED_V1, FRAUD_CHECK_COMPLETED_V1].sort(),
    );
    expect(topicsConsumedBy('orders').sort()).toEqual(
      [
        INVENTORY_RESERVED_V1,
        INVENTORY_REJECTED_V1,
        INVENTORY_RELEASED_V1,
        FRAUD_CHECK_COMPLETED_V1,
        PAYMENT_AUTHORIZED_V1,
        PAYMENT_DECLINED_V1,
        PAYMENT_REFUNDED_V1,
      ].sort(),
    );
    expect(topicsProducedBy('notifications')).toEqual([]);
    expect(topicsProducedBy('fraud-detection')).toEqual([FRAUD_CHECK_COMPLETED_V1]);
  });

  it('lets every topic be produced by exactly one service', () => {
    const produced = SERVICES.flatMap((service) => topicsProducedBy(service));
    expect(produced.sort()).toEqual([...TOPICS].sort());
  });
});
