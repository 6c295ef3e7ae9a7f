import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import { testInfra, unique } from '@surge/testing';
import { type RunningService, startServiceApp } from '@surge/service-testing';
import { AppModule } from './app.module';
import { createFraudDetectionDatabase, type FraudDetectionDatabase } from './database';

const DEFAULT_RULES = {
  maxOrderAmount: 1_000_000,
  velocityMaxOrders: 5,
  velocityWindowSeconds: 60,
  crossBorderMaxAmount: 100_000,
};
const FINGERPRINT = /^[0-9a-f]{64}$/;
const anyString: unknown = expect.any(String);
const anyObject: unknown = expect.any(Object);

type Json = Record<string, unknown>;
interface ErrorBody {
  statusCode: number;
  error: string;
  message: string[];
  code?: string;
}
interface BlocklistEntry {
  id: string;
  customerId: string | null;
  cardFingerprint: string | null;
  createdAt: string;
}

describe('the fraud-detection REST API', () => {
  let service: RunningService;
  let db: FraudDetectionDatabase;

  beforeAll(async () => {
    service = await startServiceApp('fraud-detection', AppModule);
    db = createFraudDetectionDatabase(createDatabasePool(testInfra.databaseUrl('fraud-detection'), 2));
  });

  afterAll(async () => {
    await service?.close();
    await db?.$disconnect();
  });

  async function call<T = Json>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Every message of a 400 names its field first ("field: what is wrong"). */
  const namedFields = (body: Pick<ErrorBody, 'message'>) =>
    [...new Set(body.message.map((message) => message.split(':')[0]))].sort();

  describe('rules', () => {
    // Other test files score orders against the defaults: this block restores them whatever happens.
    afterAll(async () => {
      await call('PUT', '/rules', DEFAULT_RULES);
    });

    it('starts with the documented thresholds', async () => {
      const { status, body } = await call('GET', '/rules');
      expect(status).toBe(200);
      expect(body).toEqual({ ...DEFAULT_RULES, updatedAt: anyString });
    });

    it('replaces the thresholds', async () => {
      // Changed only where no other test's order could notice.
      const changed = { ...DEFAULT_RULES, maxOrderAmount: 1_000_001, velocityWindowSeconds: 61 };

      const put = await call('PUT', '/rules', changed);

      expect(put).toEqual({ status: 200, body: { ...changed, updatedAt: anyString } });
      expect((await call('GET', '/rules')).body).toEqual(put.body);
      expect((await call('PUT', '/rules', DEFAULT_RULES)).status).toBe(200);
    });

    it.each([
      ['an empty body', {}, ['crossBorderMaxAmount', 'maxOrderAmount', 'velocityMaxOrders', 'velocityWindowSeconds']],
      ['a missing threshold', { ...DEFAULT_RULES, velocityMaxOrders: undefined }, ['velocityMaxOrders']],
      ['numbers as strings', { ...DEFAULT_RULES, maxOrderAmount: '5' }, ['maxOrderAmount']],
      ['a fraction', { ...DEFAULT_RULES, crossBorderMaxAmount: 10.5 }, ['crossBorderMaxAmount']],
      [
        'out of range values',
        { ...DEFAULT_RULES, maxOrderAmount: -1, velocityMaxOrders: 0, velocityWindowSeconds: 86_401 },
        ['maxOrderAmount', 'velocityMaxOrders', 'velocityWindowSeconds'],
      ],
      ['an unknown field', { ...DEFAULT_RULES, minOrderAmount: 1 }, ['minOrderAmount']],
      ['null thresholds', { ...DEFAULT_RULES, velocityWindowSeconds: null }, ['velocityWindowSeconds']],
    ])('refuses %s with 400 naming each field, and changes nothing', async (_, body, fields) => {
      const before = (await call('GET', '/rules')).body;

      const response = await call<ErrorBody>('PUT', '/rules', body);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(namedFields(response.body)).toEqual(fields);
      expect((await call('GET', '/rules')).body).toEqual(before);
    });

    it.each([
      ['a JSON array', '[]'],
      ['malformed JSON', '{"maxOrderAmount": '],
      ['a JSON string', '"rules"'],
    ])('refuses %s with 400', async (_, raw) => {
      const before = (await call('GET', '/rules')).body;

      const response = await call<ErrorBody>('PUT', '/rules', raw);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400 });
      expect((await call('GET', '/rules')).body).toEqual(before);
    });
  });

  describe('blocklist', () => {
    const entriesOf = async (customerId: string) =>
      (await call<BlocklistEntry[]>('GET', '/blocklist')).body.filter((entry) => entry.customerId === customerId);

    it('adds a customer and lists the entry', async () => {
      const customerId = unique('customer');

      const { status, body } = await call<BlocklistEntry>('POST', '/blocklist', { customerId });

      expect(status).toBe(201);
      expect(body).toEqual({
        id: anyString,
        customerId,
        cardFingerprint: null,
        createdAt: anyString,
      });
      expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
      expect(await entriesOf(customerId)).toEqual([body]);
    });

    it('adds a card fingerprint, stored in lowercase', async () => {
      const fingerprint = randomUUID().replace(/-/g, '').repeat(2).toUpperCase();

      const { status, body } = await call<BlocklistEntry>('POST', '/blocklist', { cardFingerprint: fingerprint });

      expect(status).toBe(201);
      expect(body).toMatchObject({ customerId: null, cardFingerprint: fingerprint.toLowerCase() });
      expect(body.cardFingerprint).toMatch(FINGERPRINT);
    });

    it('adds a customer and a card in one entry', async () => {
      const entry = { customerId: unique('customer'), cardFingerprint: randomUUID().replace(/-/g, '').repeat(2) };

      const { status, body } = await call<BlocklistEntry>('POST', '/blocklist', entry);

      expect(status).toBe(201);
      expect(body).toMatchObject(entry);
    });

    it('refuses the same entry twice with 409', async () => {
      const customerId = unique('customer');
      await call('POST', '/blocklist', { customerId });

      const { status, body } = await call<BlocklistEntry>('POST', '/blocklist', { customerId });

      expect(status).toBe(409);
      expect(body).toMatchObject({ statusCode: 409, code: 'FRAUD.BLOCKLIST_ENTRY_EXISTS' });
      expect(await entriesOf(customerId)).toHaveLength(1);
    });

    // `customer` is a fresh customer id the body may use: the request must not block it.
    it.each<[string, (customer: string) => Json, string[]]>([
      ['neither customer nor card', () => ({}), ['cardFingerprint', 'customerId']],
      ['nulls for both', () => ({ customerId: null, cardFingerprint: null }), ['cardFingerprint', 'customerId']],
      ['an empty customer id', () => ({ customerId: '' }), ['customerId']],
      ['a numeric customer id', () => ({ customerId: 42 }), ['customerId']],
      ['an over-long customer id', (customer) => ({ customerId: customer.padEnd(201, 'x') }), ['customerId']],
      [
        'a fingerprint that is not SHA-256 hex beside a valid customer',
        (customer) => ({ customerId: customer, cardFingerprint: 'tok_visa' }),
        ['cardFingerprint'],
      ],
      [
        'an unknown field beside a valid customer',
        (customer) => ({ customerId: customer, reason: 'chargebacks' }),
        ['reason'],
      ],
    ])('refuses %s with 400 naming each field, and adds nothing', async (_, body, fields) => {
      const customer = unique('customer');

      const response = await call<ErrorBody>('POST', '/blocklist', body(customer));

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(namedFields(response.body)).toEqual(fields);
      expect(await entriesOf(customer)).toEqual([]);
    });

    it('refuses a body over 1 MiB with 413', async () => {
      const customerId = unique('customer');

      const response = await call('POST', '/blocklist', { customerId, padding: 'x'.repeat(1024 * 1024) });

      expect(response.status).toBe(413);
      expect(await entriesOf(customerId)).toEqual([]);
    });

    it('removes an entry', async () => {
      const customerId = unique('customer');
      const { body: entry } = await call<BlocklistEntry>('POST', '/blocklist', { customerId });

      const response = await call('DELETE', `/blocklist/${entry.id}`);

      expect(response).toEqual({ status: 204, body: undefined });
      expect(await entriesOf(customerId)).toEqual([]);
    });

    it('answers 404 for an unknown entry', async () => {
      const response = await call('DELETE', `/blocklist/${randomUUID()}`);

      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'FRAUD.BLOCKLIST_ENTRY_NOT_FOUND' });
    });

    it('answers 400 naming the id when it is not a UUID', async () => {
      const response = await call<ErrorBody>('DELETE', '/blocklist/not-a-uuid');

      expect(response.status).toBe(400);
      expect(namedFields(response.body)).toEqual(['id']);
    });
  });

  describe('fraud checks', () => {
    it('answers the decision on a checked order', async () => {
      const orderId = randomUUID();
      await db.fraudCheck.create({
        data: {
          orderId,
          customerId: unique('customer'),
          cardFingerprint: 'c'.repeat(64),
          decision: 'REJECTED',
          score: 100,
          reasons: ['BLOCKLISTED_CARD'],
          totalAmount: 2_500n,
          currency: 'EUR',
          cardCountry: 'DE',
          shippingCountry: 'DE',
          occurredAt: new Date(),
        },
      });

      const response = await call('GET', `/fraud-checks/${orderId}`);

      expect(response).toEqual({
        status: 200,
        body: { orderId, decision: 'REJECTED', score: 100, reasons: ['BLOCKLISTED_CARD'] },
      });
    });

    it.each([randomUUID(), 'not-an-order-id'])('answers 404 for an order never checked (%s)', async (orderId) => {
      const response = await call('GET', `/fraud-checks/${orderId}`);

      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'FRAUD.CHECK_NOT_FOUND' });
    });
  });

  it('documents its endpoints in OpenAPI', async () => {
    const { status, body } = await call<{ paths: Json; components: { schemas: Record<string, { properties: Json }> } }>(
      'GET',
      '/docs-json',
    );

    expect(status).toBe(200);
    expect(body.paths).toMatchObject({
      '/rules': { get: anyObject, put: anyObject },
      '/blocklist': { get: anyObject, post: anyObject },
      '/blocklist/{id}': { delete: anyObject },
      '/fraud-checks/{orderId}': { get: anyObject },
    });
    expect(Object.keys(body.components.schemas.FraudRulesBody.properties).sort()).toEqual(
      Object.keys(DEFAULT_RULES).sort(),
    );
  });
});
