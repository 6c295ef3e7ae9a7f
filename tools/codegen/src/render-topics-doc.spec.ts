import { type CatalogueView, renderTopicsDoc } from './render-topics-doc';

const schemas = [
  {
    topic: 'orders.a-happened.v1',
    topicConst: 'A_HAPPENED_V1',
    producer: 'orders',
    file: 'schemas/orders/a-happened.v1.avsc',
    recordName: 'AHappened',
    doc: 'A | B.',
  },
  {
    topic: 'stock.b-happened.v1',
    topicConst: 'B_HAPPENED_V1',
    producer: 'stock',
    file: 'schemas/stock/b-happened.v1.avsc',
    recordName: 'BHappened',
    doc: 'B.',
  },
];
const catalogue: CatalogueView = {
  services: ['orders', 'stock', 'mail'],
  entries: [
    {
      topic: 'orders.a-happened.v1',
      key: 'orderId',
      schemaFile: 'schemas/orders/a-happened.v1.avsc',
      producer: 'orders',
      consumers: ['stock', 'mail'],
      partitions: 6,
    },
    {
      topic: 'stock.b-happened.v1',
      key: 'orderId',
      schemaFile: 'schemas/stock/b-happened.v1.avsc',
      producer: 'stock',
      consumers: ['orders'],
      partitions: 3,
    },
  ],
};

describe('renderTopicsDoc', () => {
  const doc = renderTopicsDoc(catalogue, schemas);

  it('starts with a do-not-edit header', () => {
    expect(doc.split('\n')[0]).toBe(
      '<!-- generated from libs/contracts/src/catalogue.ts and schemas/ by npm run codegen — do not edit -->',
    );
  });

  it('has one row per topic with producer, consumers, key, partitions and schema link', () => {
    expect(doc).toContain(
      '| `orders.a-happened.v1` | **AHappened**: A \\| B. | orders | stock, mail | `orderId` | 6 | [schemas/orders/a-happened.v1.avsc](../schemas/orders/a-happened.v1.avsc) |',
    );
    expect(doc).toContain('| `stock.b-happened.v1` | **BHappened**: B. | stock | orders | `orderId` | 3 |');
  });

  it('links the AsyncAPI document and its HTML rendering', () => {
    expect(doc).toContain('[asyncapi.yaml](asyncapi.yaml)');
    expect(doc).toContain('[asyncapi.html](asyncapi.html)');
  });

  it('lists what each service produces and consumes', () => {
    expect(doc).toContain('| orders | `orders.a-happened.v1` | `stock.b-happened.v1` |');
    expect(doc).toContain('| mail | — | `orders.a-happened.v1` |');
  });

  it('refuses a schema without catalogue entry and an entry without schema', () => {
    expect(() => renderTopicsDoc({ ...catalogue, entries: catalogue.entries.slice(0, 1) }, schemas)).toThrow(
      /stock.b-happened.v1 \(schemas\/stock\/b-happened.v1.avsc\) has no catalogue entry: add \[B_HAPPENED_V1\]: entry\(B_HAPPENED_V1, 'stock', \[<consumers>\]\)/,
    );
    expect(() => renderTopicsDoc(catalogue, schemas.slice(0, 1))).toThrow(
      /catalogue entry stock.b-happened.v1 has no schema/,
    );
  });

  it('refuses an entry naming another schema file', () => {
    const wrong = {
      ...catalogue,
      entries: [{ ...catalogue.entries[0], schemaFile: 'x.avsc' }, catalogue.entries[1]],
    };
    expect(() => renderTopicsDoc(wrong, schemas)).toThrow(/names x.avsc, not schemas\/orders\/a-happened.v1.avsc/);
  });
});
