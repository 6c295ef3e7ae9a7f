import { randomBytes } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import { Client, Pool } from 'pg';

/**
 * The machine's own limits, measured on the same broker and database server
 * as the sale, with the stack idle: what Surge's throughput is divided by.
 */

export interface KafkaCeiling {
  readonly messages: number;
  readonly valueBytes: number;
  /** Messages produced and consumed per second, first send to last message read. */
  readonly messagesPerSecond: number;
}

/**
 * Raw kafkajs batch produce-and-consume on a scratch topic with the saga's
 * partition count: an idempotent producer sending batches of `batchSize` (as
 * the services' producers are configured), a consumer reading concurrently.
 */
export async function kafkaCeiling(
  kafka: Kafka,
  options: { runId: string; messages: number; valueBytes: number; partitions: number; batchSize?: number },
): Promise<KafkaCeiling> {
  const topic = `surge-bench.ceiling-${options.runId}`;
  const batchSize = options.batchSize ?? 500;
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId: `${topic}.reader`, maxWaitTimeInMs: 50 });
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: options.partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let consumed = 0;
    let lastReadAt = 0;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    const allRead = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      consumer
        .run({
          partitionsConsumedConcurrently: options.partitions,
          eachBatch: async ({ batch }) => {
            consumed += batch.messages.length;
            lastReadAt = Date.now();
            if (consumed >= options.messages) resolve();
          },
        })
        .catch(reject);
    });
    // The clock starts once the reader is in its group, so joining is not measured.
    await withDeadline(joined, 60_000, 'the ceiling consumer did not join its group');
    const value = randomBytes(options.valueBytes);
    const started = Date.now();
    for (let sent = 0; sent < options.messages; sent += batchSize) {
      const count = Math.min(batchSize, options.messages - sent);
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: count }, (_, i) => ({ key: `order-${sent + i}`, value })),
      });
    }
    await withDeadline(allRead, 120_000, `read ${consumed} of ${options.messages} ceiling messages`);
    return {
      messages: options.messages,
      valueBytes: options.valueBytes,
      messagesPerSecond: options.messages / ((lastReadAt - started) / 1000),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([`${topic}.reader`]).catch(() => undefined);
    await admin.disconnect();
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export interface PostgresCeiling {
  readonly clients: number;
  readonly seconds: number;
  /** Committed transactions per second, each an order row and an outbox row. */
  readonly commitsPerSecond: number;
}

/**
 * PostgreSQL's commit rate on the stack's own server for the shape of
 * transaction a saga step commits (a row of its own plus an outbox row), from
 * `clients` connections at once, in a scratch database it drops afterwards.
 */
export async function postgresCeiling(
  adminUrl: string,
  options: { runId: string; clients: number; seconds: number },
): Promise<PostgresCeiling> {
  const database = `surge_bench_ceiling_${options.runId.replace(/[^a-z0-9]/gi, '')}`.toLowerCase();
  const admin = new Client({ connectionString: adminUrl });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const pool = new Pool({ connectionString: url.toString(), max: options.clients });
  // An idle connection cut by the server (the DROP below races its close) is no failure of the measurement.
  pool.on('error', () => undefined);
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await pool.query(`CREATE TABLE sale (id uuid PRIMARY KEY, sku text NOT NULL, quantity int NOT NULL,
                        status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await pool.query(`CREATE TABLE outbox (id bigserial PRIMARY KEY, topic text NOT NULL, key text NOT NULL,
                        payload bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    const payload = randomBytes(300);
    const deadline = Date.now() + options.seconds * 1000;
    let commits = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: options.clients }, async () => {
        const client = await pool.connect();
        try {
          while (Date.now() < deadline) {
            await client.query('BEGIN');
            const { rows } = await client.query<{ id: string }>(
              "INSERT INTO sale (id, sku, quantity, status) VALUES (gen_random_uuid(), 'sku', 1, 'PENDING') RETURNING id",
            );
            await client.query('INSERT INTO outbox (topic, key, payload) VALUES ($1, $2, $3)', [
              'orders.order-placed.v1',
              rows[0].id,
              payload,
            ]);
            await client.query('COMMIT');
            commits++;
          }
        } finally {
          client.release();
        }
      }),
    );
    return {
      clients: options.clients,
      seconds: options.seconds,
      commitsPerSecond: commits / ((Date.now() - started) / 1000),
    };
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
