import { randomUUID } from 'node:crypto';
import { createDatabasePool } from '@surge/persistence';
import { eventually, testInfra, unique } from '@surge/testing';
import { type RunningService, startServiceApp } from '@surge/service-testing';
import { AppModule } from '../../app.module';
import { createNotificationsDatabase, type NotificationsDatabase } from '../../database';
import type { NotificationType } from '../domain/notification';

describe('GET /notifications', () => {
  let service: RunningService;
  let db: NotificationsDatabase;

  beforeAll(async () => {
    service = await startServiceApp('notifications', AppModule);
    db = createNotificationsDatabase(createDatabasePool(testInfra.databaseUrl('notifications'), 2));
  });

  afterAll(async () => {
    await service?.close();
    await db?.$disconnect();
  });

  /** Creation times a minute apart, in the order the test stores them. */
  let clock = Date.now() - 24 * 60 * 60_000;

  async function given(customerId: string, ...types: NotificationType[]) {
    const orderId = randomUUID();
    const rows = types.map((type) => ({
      id: randomUUID(),
      customerId,
      orderId,
      type,
      channel: type === 'FRAUD_ALERT' ? 'operations' : 'customer',
      status: 'SENT' as const,
      subject: `${type} subject`,
      body: `${type} body`,
      correlationId: randomUUID(),
      createdAt: new Date((clock += 60_000)),
    }));
    await db.notification.createMany({ data: rows });
    return { orderId, ids: rows.map((row) => row.id) };
  }

  async function get(query: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${service.url}/notifications${query}`);
    return { status: response.status, body: await response.json() };
  }

  it("lists a customer's notifications, newest first, with exactly the public fields", async () => {
    const customerId = unique('customer');
    const { orderId, ids } = await given(customerId, 'ORDER_CONFIRMED', 'ORDER_CANCELLED', 'PAYMENT_REFUNDED');
    await given(unique('customer'), 'ORDER_CONFIRMED');

    const { status, body } = await get(`?customerId=${customerId}`);

    expect(status).toBe(200);
    expect(body).toEqual(
      [2, 1, 0].map((index) => ({
        id: ids[index],
        customerId,
        orderId,
        type: ['ORDER_CONFIRMED', 'ORDER_CANCELLED', 'PAYMENT_REFUNDED'][index],
        channel: 'customer',
        status: 'SENT',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
        subject: expect.any(String) as unknown,
        body: expect.any(String) as unknown,
      })),
    );
  });

  it('filters by order, by type, and pages with limit and offset', async () => {
    const customerId = unique('customer');
    const first = await given(customerId, 'ORDER_REJECTED', 'FRAUD_ALERT');
    const second = await given(customerId, 'ORDER_CONFIRMED');

    expect((await get(`?orderId=${first.orderId}`)).body).toEqual([
      expect.objectContaining({ id: first.ids[1], type: 'FRAUD_ALERT', channel: 'operations' }),
      expect.objectContaining({ id: first.ids[0], type: 'ORDER_REJECTED' }),
    ]);
    expect((await get(`?customerId=${customerId}&type=FRAUD_ALERT`)).body).toEqual([
      expect.objectContaining({ id: first.ids[1] }),
    ]);
    expect((await get(`?customerId=${customerId}&orderId=${second.orderId}`)).body).toEqual([
      expect.objectContaining({ id: second.ids[0] }),
    ]);
    const page = (await get(`?customerId=${customerId}&limit=2&offset=1`)).body as { id: string }[];
    expect(page.map((n) => n.id)).toEqual([first.ids[1], first.ids[0]]);
    expect((await get(`?customerId=${unique('nobody')}`)).body).toEqual([]);
  });

  it.each([
    ['an unknown parameter', '?customer=abc', ['customer: is not an accepted field']],
    ['a limit of zero', '?limit=0', ['limit: must not be less than 1']],
    ['a limit over the page size', '?limit=101', ['limit: must not be greater than 100']],
    ['a limit that is no number', '?limit=ten', ['limit: must be an integer number']],
    ['a negative offset', '?offset=-1', ['offset: must not be less than 0']],
    ['an unknown type', '?type=BIRTHDAY', ['type: must be one of the following values: ']],
    ['an empty customer id', '?customerId=', ['customerId: should not be empty']],
    ['a repeated order id', '?orderId=a&orderId=b', ['orderId: must be a string']],
    [
      'several bad parameters at once',
      '?limit=0&offset=x&colour=red',
      ['colour: is not an accepted field', 'limit: must not be less than 1', 'offset: must be an integer number'],
    ],
  ])('answers 400 naming the parameter for %s', async (_case, query, messages) => {
    const { status, body } = await get(query);

    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const answered = (body as { message: string[] }).message;
    for (const message of messages) {
      expect(answered).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
    }
  });

  it('offers no way to create or change notifications over HTTP', async () => {
    const customerId = unique('customer');
    const response = await fetch(`${service.url}/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId, orderId: randomUUID(), type: 'ORDER_CONFIRMED' }),
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404 });
    expect(await db.notification.count({ where: { customerId } })).toBe(0);
  });

  it('describes the endpoint in its OpenAPI document', async () => {
    const response = await fetch(`${service.url}/docs-json`);
    const document = (await response.json()) as {
      paths: Record<string, { get?: { parameters: { name: string }[] } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };

    expect(response.status).toBe(200);
    expect(document.paths['/notifications'].get?.parameters.map((p) => p.name).sort()).toEqual([
      'customerId',
      'limit',
      'offset',
      'orderId',
      'type',
    ]);
    expect(Object.keys(document.components.schemas.NotificationResponse.properties).sort()).toEqual(
      ['body', 'channel', 'createdAt', 'customerId', 'id', 'orderId', 'status', 'subject', 'type'].sort(),
    );
  });

  it('shows a pending notification as SENT once the running service delivered it', async () => {
    const customerId = unique('customer');
    const { ids } = await given(customerId, 'ORDER_CONFIRMED');
    await db.notification.update({ where: { id: ids[0] }, data: { status: 'PENDING', nextAttemptAt: new Date(0) } });

    await eventually(
      async () =>
        expect((await get(`?customerId=${customerId}`)).body).toEqual([expect.objectContaining({ status: 'SENT' })]),
      { timeoutMs: 15_000, description: 'the dispatcher delivered the pending notification' },
    );
  });
});
