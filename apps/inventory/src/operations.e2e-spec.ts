import { ORDER_PLACED_V1 } from '@surge/contracts';
import { eventually, produceRaw, SurgeClient, unique } from '@surge/testing';
import { type RunningService, startServiceApp } from '@surge/service-testing';
import { AppModule } from './app.module';

/**
 * The operator endpoints every service has (dead letters with replay, consumer
 * lag), seen through inventory: a message it can never decode is parked, shown
 * with its reason, and replayed back to its topic, where it fails again.
 */
describe('inventory: dead letters and consumer lag over HTTP', () => {
  let inventory: RunningService;
  let api: SurgeClient;

  beforeAll(async () => {
    inventory = await startServiceApp('inventory', AppModule);
    api = new SurgeClient({ inventory: inventory.url });
  });

  afterAll(async () => {
    await inventory?.close();
  });

  const parkedWithKey = async (key: string) => {
    const { status, body } = await api.deadLetters('inventory');
    expect(status).toBe(200);
    return body.filter((letter) => letter.key === key);
  };

  it('shows an undecodable event with its reason, replays it, and shows the replay parked again', async () => {
    const key = unique('garbage-order');
    await produceRaw(ORDER_PLACED_V1, key, 'not avro at all');

    const [parked] = await eventually(
      async () => {
        const found = await parkedWithKey(key);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeoutMs: 30_000, description: 'the garbage message on /dead-letters' },
    );
    expect(parked).toMatchObject({
      ref: expect.stringMatching(/^inventory\.dead-letter:0:\d+$/) as string,
      group: 'inventory',
      topic: ORDER_PLACED_V1,
      key,
      payload: null,
      payloadError: expect.stringContaining('not a Confluent-framed Avro message') as string,
      error: expect.stringContaining('not a Confluent-framed Avro message') as string,
      replayedFrom: null,
      attempts: 1,
    });
    expect(Number.isNaN(Date.parse(parked.failedAt))).toBe(false);

    const replay = await api.replayDeadLetter('inventory', parked.ref);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ ref: parked.ref, replayedTo: ORDER_PLACED_V1 });

    const again = await eventually(
      async () => {
        const found = (await parkedWithKey(key)).filter((letter) => letter.replayedFrom === parked.ref);
        expect(found).toHaveLength(1);
        return found[0];
      },
      { timeoutMs: 30_000, description: 'the replayed message parked again' },
    );
    expect(again.ref).not.toBe(parked.ref);
  });

  it('answers 404 naming the ref for a dead letter it does not have', async () => {
    const unknown = await api.replayDeadLetter('inventory', 'inventory.dead-letter:0:999999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'OPERATIONS.DEAD_LETTER_NOT_FOUND' });
    const foreign = await api.replayDeadLetter('inventory', 'payments.dead-letter:0:0');
    expect(foreign.status).toBe(404);
  });

  it("reports the lag of each of its groups' partitions", async () => {
    const { status, body } = await api.consumerLag('inventory');
    expect(status).toBe(200);
    const placed = body.filter((row) => row.group === 'inventory' && row.topic === ORDER_PLACED_V1);
    expect(placed.map((row) => row.partition).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const row of body) {
      expect(row.lag).toBeGreaterThanOrEqual(0);
      expect(BigInt(row.endOffset)).toBeGreaterThanOrEqual(BigInt(row.committedOffset ?? '0'));
    }
    expect(body.some((row) => row.group === 'inventory.retry-1' && row.topic === 'inventory.retry-1')).toBe(true);
  });
});
