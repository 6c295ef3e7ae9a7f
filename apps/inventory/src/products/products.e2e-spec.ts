import { randomUUID } from 'node:crypto';
import { unique } from '@surge/testing';
import { type RunningService, startServiceApp } from '@surge/service-testing';
import { AppModule } from '../app.module';
import type { Product } from './domain/product';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
}

interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** The part of the OpenAPI document the test reads. */
interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { required?: string[] }> };
}

describe('the inventory catalogue over HTTP', () => {
  let running: RunningService;

  beforeAll(async () => {
    running = await startServiceApp('inventory', AppModule);
  });

  afterAll(async () => {
    await running?.close();
  });

  /** The body is typed as the caller expects it; the assertions check it. */
  async function call<T = Product & ErrorBody>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  function aProduct(overrides: Record<string, unknown> = {}) {
    return { sku: unique('SKU'), name: 'Electric kettle', unitPrice: 2_500, currency: 'EUR', stock: 10, ...overrides };
  }

  async function givenProduct(overrides: Record<string, unknown> = {}) {
    const product = aProduct(overrides);
    const created = await call('POST', '/products', product);
    expect(created.status).toBe(201);
    return created.body;
  }

  /** A 400 whose message names each of these fields. */
  function expectInvalid(response: Reply<ErrorBody>, ...fields: string[]) {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const messages = [response.body.message].flat();
    for (const field of fields) expect(messages.some((m) => m.startsWith(`${field}:`))).toBe(true);
  }

  describe('POST /products', () => {
    it('creates a product with all its stock available', async () => {
      const product = aProduct({ stock: 7 });
      const created = await call('POST', '/products', product);
      expect(created.status).toBe(201);
      const expected = {
        sku: product.sku,
        name: 'Electric kettle',
        unitPrice: 2_500,
        currency: 'EUR',
        available: 7,
        reserved: 0,
        sold: 0,
      };
      expect(created.body).toEqual(expected);
      expect((await call('GET', `/products/${product.sku}`)).body).toEqual(expected);
    });

    it('accepts zero stock and a zero price', async () => {
      const created = await call('POST', '/products', aProduct({ stock: 0, unitPrice: 0 }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ available: 0, unitPrice: 0 });
    });

    it('answers 409 for an existing sku and keeps the existing product', async () => {
      const existing = await givenProduct({ name: 'Original' });
      const again = await call('POST', '/products', aProduct({ sku: existing.sku, name: 'Impostor', stock: 99 }));
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'INVENTORY.SKU_EXISTS' });
      expect((await call('GET', `/products/${existing.sku}`)).body).toMatchObject({ name: 'Original', available: 10 });
    });

    it.each([
      ['sku', { sku: 'has space' }],
      ['sku', { sku: 'x'.repeat(65) }],
      ['sku', { sku: '' }],
      ['sku', { sku: 42 }],
    ])('refuses an impossible %s with 400', async (field, change) => {
      expectInvalid(await call('POST', '/products', { ...aProduct(), ...change }), field);
    });

    it.each([
      ['name', { name: '' }],
      ['name', { name: '   ' }],
      ['name', { name: 'n'.repeat(201) }],
      ['unitPrice', { unitPrice: -1 }],
      ['unitPrice', { unitPrice: 12.5 }],
      ['unitPrice', { unitPrice: '2500' }],
      ['unitPrice', { unitPrice: 2 ** 53 }],
      ['currency', { currency: 'eur' }],
      ['currency', { currency: 'EURO' }],
      ['stock', { stock: -1 }],
      ['stock', { stock: 1.5 }],
      ['stock', { stock: 1_000_000_001 }],
      ['stock', { stock: null }],
      ['colour', { colour: 'red' }],
    ])('refuses an invalid %s with 400 and creates nothing', async (field, change) => {
      const product = { ...aProduct(), ...change };
      expectInvalid(await call('POST', '/products', product), field);
      expect((await call('GET', `/products/${product.sku}`)).status).toBe(404);
    });

    it('names every offending field at once, missing ones included', async () => {
      const sku = unique('SKU');
      const response = await call('POST', '/products', { sku, extra: 1, another: true });
      expectInvalid(response, 'name', 'unitPrice', 'currency', 'stock', 'extra', 'another');
      expect((await call('GET', `/products/${sku}`)).status).toBe(404);
    });

    it.each([
      ['no body', undefined],
      ['a JSON array', [aProduct()]],
      ['JSON null', 'null'],
      ['a JSON string', '"product"'],
    ])('refuses %s with 400', async (_, body) => {
      const response = await call('POST', '/products', body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('refuses malformed JSON with 400 and a body over 1 MiB with 413', async () => {
      const malformed = await call('POST', '/products', '{"sku": "A",');
      expect(malformed.status).toBe(400);
      const large = await call('POST', '/products', aProduct({ name: 'x'.repeat(1024 * 1024) }));
      expect(large.status).toBe(413);
      expect(large.body).toMatchObject({ statusCode: 413 });
    });
  });

  describe('GET /products/:sku', () => {
    it('answers 404 for an unknown sku', async () => {
      const response = await call('GET', `/products/${unique('NOPE')}`);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'INVENTORY.PRODUCT_NOT_FOUND' });
    });

    it('answers 400 naming the sku when it cannot be a sku', async () => {
      expectInvalid(await call('GET', `/products/${encodeURIComponent('not a sku!')}`), 'sku');
      expectInvalid(await call('GET', `/products/${'x'.repeat(65)}`), 'sku');
    });
  });

  describe('GET /products', () => {
    it('pages through the catalogue in sku order', async () => {
      // Digits sort before the letters other tests' skus start with, in any collation.
      const prefix = `0${randomUUID().slice(0, 8)}`;
      const skus = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
      for (const sku of [skus[2], skus[0], skus[1]]) await givenProduct({ sku });

      const first = await call<Product[]>('GET', '/products?limit=3');
      expect(first.status).toBe(200);
      expect(first.body.map((p) => p.sku)).toEqual(skus);
      expect(Number(first.headers.get('x-total-count'))).toBeGreaterThanOrEqual(3);

      const second = await call<Product[]>('GET', '/products?limit=2&offset=1');
      expect(second.body.map((p) => p.sku)).toEqual(skus.slice(1));
      expect(second.body[0]).toEqual({
        sku: skus[1],
        name: 'Electric kettle',
        unitPrice: 2_500,
        currency: 'EUR',
        available: 10,
        reserved: 0,
        sold: 0,
      });
    });

    it('gives at most 50 products by default', async () => {
      const response = await call<Product[]>('GET', '/products');
      expect(response.status).toBe(200);
      expect(Array.isArray(response.body)).toBe(true);
      expect(response.body.length).toBeLessThanOrEqual(50);
    });

    it.each([
      ['limit', 'limit=0'],
      ['limit', 'limit=201'],
      ['limit', 'limit=abc'],
      ['limit', 'limit=1.5'],
      ['limit', 'limit='],
      ['offset', 'offset=-1'],
      ['offset', 'offset=x'],
      ['page', 'page=2'],
    ])('refuses an invalid %s with 400', async (field, query) => {
      expectInvalid(await call('GET', `/products?${query}`), field);
    });
  });

  describe('POST /products/:sku/restock', () => {
    it('adds the units to available', async () => {
      const product = await givenProduct({ stock: 4 });
      const restocked = await call('POST', `/products/${product.sku}/restock`, { quantity: 6 });
      expect(restocked.status).toBe(200);
      expect(restocked.body).toMatchObject({ sku: product.sku, available: 10, reserved: 0, sold: 0 });
      expect((await call('GET', `/products/${product.sku}`)).body).toMatchObject({ available: 10 });
    });

    it.each([
      ['quantity', { quantity: 0 }],
      ['quantity', { quantity: -3 }],
      ['quantity', { quantity: 2.5 }],
      ['quantity', { quantity: '3' }],
      ['quantity', {}],
      ['quantity', { quantity: 1_000_000_001 }],
      ['reason', { quantity: 1, reason: 'found some' }],
    ])('refuses an invalid %s with 400 and changes nothing', async (field, body) => {
      const product = await givenProduct({ stock: 4 });
      expectInvalid(await call('POST', `/products/${product.sku}/restock`, body), field);
      expect((await call('GET', `/products/${product.sku}`)).body).toMatchObject({ available: 4 });
    });

    it('answers 404 for an unknown sku, 400 for an impossible one', async () => {
      const response = await call('POST', `/products/${unique('NOPE')}/restock`, { quantity: 1 });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'INVENTORY.PRODUCT_NOT_FOUND' });
      expectInvalid(await call('POST', `/products/${encodeURIComponent('a b')}/restock`, { quantity: 1 }), 'sku');
    });

    it('answers 422 when the product would exceed the most units it may ever receive', async () => {
      const product = await givenProduct({ stock: 1_000_000_000 });
      const response = await call('POST', `/products/${product.sku}/restock`, { quantity: 1 });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'INVENTORY.STOCK_LIMIT' });
      expect((await call('GET', `/products/${product.sku}`)).body).toMatchObject({ available: 1_000_000_000 });
    });
  });

  describe('PATCH /products/:sku', () => {
    it('renames and reprices, leaving the stock as it was', async () => {
      const product = await givenProduct({ stock: 3 });
      const renamed = await call('PATCH', `/products/${product.sku}`, { name: 'Kettle 1.7 l' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Kettle 1.7 l', unitPrice: 2_500 });

      const repriced = await call('PATCH', `/products/${product.sku}`, { unitPrice: 2_700 });
      expect(repriced.status).toBe(200);
      expect(repriced.body).toEqual({
        sku: product.sku,
        name: 'Kettle 1.7 l',
        unitPrice: 2_700,
        currency: 'EUR',
        available: 3,
        reserved: 0,
        sold: 0,
      });
    });

    it.each([
      ['name', { name: '' }],
      ['name', { name: 42 }],
      ['unitPrice', { unitPrice: -1 }],
      ['unitPrice', { unitPrice: 9.99 }],
      ['currency', { currency: 'USD' }],
      ['available', { name: 'Stock hack', available: 1_000 }],
      ['name', {}],
    ])('refuses an invalid %s with 400 and changes nothing', async (field, body) => {
      const product = await givenProduct();
      expectInvalid(await call('PATCH', `/products/${product.sku}`, body), field);
      expect((await call('GET', `/products/${product.sku}`)).body).toMatchObject({
        name: 'Electric kettle',
        unitPrice: 2_500,
        currency: 'EUR',
        available: 10,
      });
    });

    it('answers 404 for an unknown sku', async () => {
      const response = await call('PATCH', `/products/${unique('NOPE')}`, { name: 'Ghost' });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'INVENTORY.PRODUCT_NOT_FOUND' });
    });
  });

  it('describes every endpoint in its OpenAPI document', async () => {
    const response = await call<OpenApiDocument>('GET', '/docs-json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/products', '/products/{sku}', '/products/{sku}/restock']),
    );
    expect(Object.keys(response.body.paths['/products'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(response.body.components.schemas.CreateProductDto.required).toEqual(
      expect.arrayContaining(['sku', 'name', 'unitPrice', 'currency', 'stock']),
    );
  });
});
