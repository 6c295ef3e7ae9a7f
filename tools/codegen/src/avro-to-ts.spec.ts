import { transformSync } from '@swc/core';
import { runInNewContext } from 'node:vm';
import { renderSchemaModule } from './avro-to-ts';
import { renderIndex, renderModules } from './render-index';
import { schemaSource } from './schema-source';

const envelopeFree = (fields: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'record',
  name: 'ThingHappened',
  namespace: 'surge.orders',
  doc: 'A thing happened.',
  fields,
  ...extra,
});
const source = (json: object, file = 'schemas/orders/thing-happened.v2.avsc') =>
  schemaSource(file, JSON.stringify(json));

const THING = envelopeFree([
  { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When.' },
  { name: 'note', type: ['null', 'string'], default: null, doc: 'A note.' },
  { name: 'price', type: 'long', doc: 'Price in minor units.' },
  { name: 'ratio', type: 'double', doc: 'A ratio.' },
  { name: 'blob', type: 'bytes', doc: 'Raw bytes.' },
  { name: 'tags', type: { type: 'map', values: 'int' }, doc: 'Counts by tag.' },
  {
    name: 'items',
    type: {
      type: 'array',
      items: {
        type: 'record',
        name: 'Item',
        doc: 'An item.',
        fields: [{ name: 'sku', type: 'string', doc: 'The sku.' }],
      },
    },
    doc: 'Items.',
  },
  { name: 'spare', type: 'Item', doc: 'The same record type, by name.' },
  {
    name: 'mood',
    type: { type: 'enum', name: 'Mood', doc: 'How it went.', symbols: ['GOOD', 'BAD', 'OTHER'], default: 'OTHER' },
    doc: 'The mood.',
  },
  { name: 'moments', type: { type: 'array', items: { type: 'long', logicalType: 'timestamp-millis' } }, doc: 'Times.' },
]);

/** Transpiles a generated module and runs it, returning its exports: proves it is valid TypeScript. */
function load(code: string): Record<string, unknown> {
  const js = transformSync(code, {
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
  const module = { exports: {} as Record<string, unknown> };
  runInNewContext(js, { module, exports: module.exports, require: () => ({}) });
  return module.exports;
}

describe('renderSchemaModule', () => {
  const rendered = renderSchemaModule(source(THING));

  it('starts with the do-not-edit header naming the schema file', () => {
    expect(rendered.code.split('\n')[0]).toBe(
      '// generated from schemas/orders/thing-happened.v2.avsc by npm run codegen — do not edit',
    );
  });

  it('exports the topic, the symbols and the schema object unchanged', () => {
    const exports = load(rendered.code);
    expect(exports['THING_HAPPENED_V2']).toBe('orders.thing-happened.v2');
    expect(exports['MOOD_V2_SYMBOLS']).toEqual(['GOOD', 'BAD', 'OTHER']);
    expect(exports['ThingHappenedV2Schema']).toEqual(THING);
  });

  it('maps Avro types to the values avsc decodes', () => {
    const body = /export interface ThingHappenedV2 \{([\s\S]*?)\n\}/.exec(rendered.code)?.[1] ?? '';
    const members = body
      .split('\n')
      .filter((line) => /^ {2}\w+:/.test(line))
      .map((line) => line.trim());
    expect(members).toEqual([
      'at: number /* epoch millis */;',
      'note: string | null;',
      'price: number /* minor units */;',
      'ratio: number;',
      'blob: Buffer;',
      'tags: Record<string, number>;',
      'items: ItemV2[];',
      'spare: ItemV2;',
      'mood: MoodV2;',
      'moments: Array<number /* epoch millis */>;',
    ]);
  });

  it('declares each named type once, after the type that uses it, with its docs', () => {
    expect(rendered.code.match(/export interface ItemV2 /g)).toHaveLength(1);
    expect(rendered.code.indexOf('export interface ThingHappenedV2 ')).toBeLessThan(
      rendered.code.indexOf('export interface ItemV2 '),
    );
    expect(rendered.code).toContain("export type MoodV2 = 'GOOD' | 'BAD' | 'OTHER';");
    expect(rendered.code).toContain('A reader whose schema lacks a symbol reads it as `OTHER`.');
    expect(rendered.code).toContain('/** An item. */\nexport interface ItemV2 {');
    expect(rendered.code).toContain('@defaultValue null');
    expect(rendered.exportedNames).toEqual(
      expect.arrayContaining([
        'ThingHappenedV2',
        'ItemV2',
        'MoodV2',
        'MOOD_V2_SYMBOLS',
        'THING_HAPPENED_V2',
        'ThingHappenedV2Schema',
      ]),
    );
  });

  it('escapes a doc that would close the comment', () => {
    const code = renderSchemaModule(source(envelopeFree([{ name: 'a', type: 'string', doc: 'ends */ here' }]))).code;
    expect(code).toContain('ends *\\/ here');
    expect(() => load(code)).not.toThrow();
  });
});

describe('schema validation', () => {
  it.each([
    [
      'a record name that does not match the file',
      envelopeFree([], { name: 'Other' }),
      /record name must be "ThingHappened"/,
    ],
    [
      'a namespace that does not match the directory',
      envelopeFree([], { namespace: 'surge.payments' }),
      /namespace must be "surge.orders"/,
    ],
    [
      'a field without doc',
      envelopeFree([{ name: 'a', type: 'string' }]),
      /field surge.orders.ThingHappened.a has no doc/,
    ],
    [
      'an enum without doc',
      envelopeFree([{ name: 'a', type: { type: 'enum', name: 'E', symbols: ['X'] }, doc: 'a' }]),
      /named type surge.orders.E has no doc/,
    ],
    [
      'a union avsc would wrap',
      envelopeFree([
        { name: 'a', type: ['null', 'string', { type: 'enum', name: 'E', doc: 'e', symbols: ['X'] }], doc: 'a' },
      ]),
      /ambiguous/,
    ],
    [
      'an invalid schema',
      envelopeFree([{ name: 'a', type: 'strnig', doc: 'a' }]),
      /invalid Avro schema: undefined type name: surge\.orders\.strnig/,
    ],
    [
      'a top-level enum',
      { type: 'enum', name: 'ThingHappened', namespace: 'surge.orders', doc: 'd', symbols: ['A'] },
      /must be "record"/,
    ],
  ])('refuses %s, naming the file', (_what, json, message) => {
    expect(() => renderSchemaModule(source(json))).toThrow(message);
    expect(() => renderSchemaModule(source(json))).toThrow(/^schemas\/orders\/thing-happened\.v2\.avsc:/);
  });

  it('refuses a file that is not JSON', () => {
    expect(() => schemaSource('schemas/orders/thing-happened.v2.avsc', '{ nope')).toThrow(/not valid JSON/);
  });
});

describe('renderModules and renderIndex', () => {
  const other = {
    type: 'record',
    name: 'OtherHappened',
    namespace: 'surge.payments',
    doc: 'Another thing.',
    fields: [{ name: 'orderId', type: 'string', doc: 'Order.' }],
  };

  it('refuses two schemas that would export the same TypeScript name', () => {
    const clash = {
      ...other,
      fields: [{ name: 'item', type: { type: 'record', name: 'Item', doc: 'i', fields: [] }, doc: 'i' }],
    };
    expect(() => renderModules([source(THING), source(clash, 'schemas/payments/other-happened.v2.avsc')])).toThrow(
      /ItemV2 is defined by both schemas\/orders\/thing-happened.v2.avsc and schemas\/payments\/other-happened.v2.avsc/,
    );
  });

  it('maps every topic to its event type, schema, file and producer', () => {
    const modules = renderModules([source(THING), source(other, 'schemas/payments/other-happened.v2.avsc')]);
    const index = renderIndex(modules);
    expect(index).toContain('  [THING_HAPPENED_V2]: ThingHappenedV2;\n  [OTHER_HAPPENED_V2]: OtherHappenedV2;\n');
    const exports = load(
      index
        .replace(/^import .*$/gm, '')
        .replace(/^export \* from .*$/gm, '')
        .replace(
          /^/,
          "const THING_HAPPENED_V2 = 'orders.thing-happened.v2', OTHER_HAPPENED_V2 = 'payments.other-happened.v2', ThingHappenedV2Schema = 1, OtherHappenedV2Schema = 2;\n",
        ),
    );
    expect(exports['TOPICS']).toEqual(['orders.thing-happened.v2', 'payments.other-happened.v2']);
    expect(exports['SCHEMAS_BY_TOPIC']).toEqual({ 'orders.thing-happened.v2': 1, 'payments.other-happened.v2': 2 });
    expect(exports['PRODUCERS_BY_TOPIC']).toEqual({
      'orders.thing-happened.v2': 'orders',
      'payments.other-happened.v2': 'payments',
    });
    expect(exports['SCHEMA_FILES_BY_TOPIC']).toEqual({
      'orders.thing-happened.v2': 'schemas/orders/thing-happened.v2.avsc',
      'payments.other-happened.v2': 'schemas/payments/other-happened.v2.avsc',
    });
  });
});
