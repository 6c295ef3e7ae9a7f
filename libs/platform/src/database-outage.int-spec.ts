import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { ORDER_PLACED_V1 } from '@surge/contracts';
import {
  type DeliveredOn,
  EventPublisher,
  KAFKA,
  OnEvent,
  readDeadLetters,
  retryThenDeadLetter,
} from '@surge/messaging';
import { createPgAdapter, type SqlClient, type TransactionalClient, TransactionRunner } from '@surge/persistence';
import {
  anOrderPlaced,
  eventually,
  scratchPrismaClients,
  type SparePostgres,
  startSparePostgres,
  testInfra,
  unique,
} from '@surge/testing';
import type { Kafka } from 'kafkajs';
import { createServiceApp } from './bootstrap';
import { loadConfig } from './config';
import { ServiceModule } from './service.module';

const GROUP = unique('platform-outage');
const handled: string[] = [];

/** Records each new event in the inbox, in the service's database. */
@Controller()
class RecordInInbox {
  constructor(private readonly transactions: TransactionRunner<SqlClient>) {}

  @OnEvent(ORDER_PLACED_V1, { group: GROUP, onFailure: retryThenDeadLetter({ attempts: 2, initialDelayMs: 10 }) })
  async record(batch: DeliveredOn<typeof ORDER_PLACED_V1>[]): Promise<void> {
    await this.transactions.consume(batch, async () => undefined);
    handled.push(...batch.map((delivered) => delivered.event.eventId));
  }
}

/** A REST endpoint that needs the database. */
@Controller('probe')
class DatabaseProbe {
  constructor(private readonly transactions: TransactionRunner<SqlClient>) {}

  @Get()
  async probe(): Promise<{ ok: true }> {
    await this.transactions.run(async (tx) => tx.$queryRawUnsafe('SELECT 1'));
    return { ok: true };
  }
}

interface Readiness {
  status: string;
  details: Record<string, { status: string; detail?: string }>;
}

describe("a service's consumer while its database is down", () => {
  let postgres: SparePostgres;
  let app: INestApplication;
  let url: string;

  const readiness = async (): Promise<Readiness> => (await fetch(`${url}/health/ready`)).json() as Promise<Readiness>;

  beforeAll(async () => {
    postgres = await startSparePostgres('inventory');
    const database = await scratchPrismaClients<TransactionalClient>(createPgAdapter);
    const config = loadConfig('inventory', {
      PORT: '0',
      DATABASE_URL: postgres.databaseUrl,
      KAFKA_BROKERS: testInfra.kafkaBrokers().join(','),
      SCHEMA_REGISTRY_URL: testInfra.registryUrl(),
      LOG_LEVEL: 'fatal',
    });
    @Module({ imports: [ServiceModule.forRoot({ config, database })], controllers: [RecordInInbox, DatabaseProbe] })
    class OutageModule {}
    app = await createServiceApp(OutageModule);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await postgres?.start();
    await app?.close();
    await postgres?.stop();
  });

  it('waits the outage out, reports the stall, and handles the event once the database is back', async () => {
    await eventually(async () => expect((await readiness()).details.consumers).toMatchObject({ status: 'up' }), {
      timeoutMs: 60_000,
      description: 'the consumer in its group',
    });
    await postgres.stop();
    const event = anOrderPlaced();

    await app.get(EventPublisher).publish([{ topic: ORDER_PLACED_V1, event }]);

    const stalled = await eventually(
      async () => {
        const { details } = await readiness();
        expect(details.consumers).toMatchObject({ status: 'down' });
        return details.consumers.detail ?? '';
      },
      { timeoutMs: 60_000, description: 'readiness reporting the stall' },
    );
    expect(stalled).toMatch(new RegExp(`^${GROUP}: waiting for a dependency: `));
    expect(handled).not.toContain(event.eventId);
    // Meanwhile a request that needs the database is told to come back, not that the service broke.
    const refused = await fetch(`${url}/probe`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });

    await postgres.start();

    await eventually(() => expect(handled).toContain(event.eventId), {
      timeoutMs: 90_000,
      description: 'the event handled after the restart',
    });
    await eventually(async () => expect(await readiness()).toMatchObject({ status: 'ok' }), {
      timeoutMs: 60_000,
      description: 'ready again',
    });
    // Only this event's: the group reads the catalogue's topic from its start, where other tests put messages that
    // no consumer can decode (and this group parks them too).
    const parked = await readDeadLetters(app.get<Kafka>(KAFKA), { groups: [GROUP] });
    expect(parked.filter((letter) => letter.key === event.orderId)).toEqual([]);
    expect((await fetch(`${url}/probe`)).status).toBe(200);
  }, 240_000);
});
