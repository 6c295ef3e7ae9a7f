import type { ServiceName, Topic } from '@surge/contracts';
import type { OutgoingEvent } from '@surge/messaging';
import { Pool } from 'pg';
import { eventually, testInfra } from '@surge/testing';
import { type Neighbours, startNeighbours } from './neighbours';
import { type PublishedEvents, collectPublished } from './published-events';

/** An event, as an id, an envelope or an event on its way out. */
export type EventRef = string | { readonly eventId: string } | { readonly event: { readonly eventId: string } };

export interface ServiceHarnessOptions<T extends Topic> {
  /** The service under test: its database holds the inbox and outbox waited on. */
  readonly service: ServiceName;
  /** The services whose topics the test publishes on (see Neighbours). */
  readonly neighbours?: readonly ServiceName[];
  /** The topics the service publishes on that the test reads (see PublishedEvents). */
  readonly publishes?: readonly T[];
  /** The consumer group whose inbox `consumed` looks at; the service's name unless given. */
  readonly group?: string;
  /** The shared broker of the run unless given (a spare one). */
  readonly brokers?: string[];
  /** The service's database of the run unless given (one of the test's own). */
  readonly databaseUrl?: string;
  /** Deadline of every wait, in ms. */
  readonly timeoutMs?: number;
}

/**
 * Everything an integration test of one service does on the bus, in given /
 * when / then terms: publish as its neighbours, read what it publishes, wait
 * until it consumed given events and until what it wrote left the outbox and
 * was read back. Every wait has a deadline.
 */
export interface ServiceHarness<T extends Topic> {
  readonly neighbours: Neighbours;
  /** What the service published on the `publishes` topics. */
  readonly published: PublishedEvents<T>;
  /** Publishes each event as the neighbour that owns its topic, one after another. */
  publish(...events: OutgoingEvent[]): Promise<void>;
  /** Waits until the group consumed these events (committed with their effect: they are in its inbox). */
  consumed(...events: EventRef[]): Promise<void>;
  /**
   * Waits until the outbox relayed everything the service wrote about these orders
   * and the collector read up to the end of the published topics: after this, an
   * event missing from `published` was never sent.
   */
  relayedAndRead(...orderIds: string[]): Promise<void>;
  close(): Promise<void>;
}

function eventIdOf(ref: EventRef): string {
  if (typeof ref === 'string') return ref;
  return 'eventId' in ref ? ref.eventId : ref.event.eventId;
}

export async function startServiceHarness<T extends Topic = never>(
  options: ServiceHarnessOptions<T>,
): Promise<ServiceHarness<T>> {
  const { service, group = service, brokers = testInfra.kafkaBrokers(), timeoutMs = 45_000 } = options;
  const pool = new Pool({ connectionString: options.databaseUrl ?? testInfra.databaseUrl(service), max: 2 });
  const neighbours = await startNeighbours(options.neighbours ?? [], brokers);
  const topics = options.publishes ?? [];
  const published = topics.length > 0 ? await collectPublished(topics, { brokers, timeoutMs }) : undefined;
  const count = async (sql: string, values: unknown[]): Promise<number> =>
    Number((await pool.query<{ n: string }>(sql, values)).rows[0].n);

  return {
    neighbours,
    get published() {
      if (!published) throw new Error(`the harness of ${service} reads no published topics: name them in publishes`);
      return published;
    },
    publish: (...events) => neighbours.publish(...events),
    async consumed(...events) {
      const ids = [...new Set(events.map(eventIdOf))];
      await eventually(
        async () =>
          expect(
            await count(
              'SELECT count(DISTINCT event_id) AS n FROM inbox_events WHERE consumer_group = $1 AND event_id = ANY($2)',
              [group, ids],
            ),
          ).toBe(ids.length),
        { timeoutMs, description: `${ids.length} events consumed by ${group}` },
      );
    },
    async relayedAndRead(...orderIds) {
      await eventually(
        async () =>
          expect(await count('SELECT count(*) AS n FROM outbox_events WHERE key = ANY($1)', [orderIds])).toBe(0),
        { timeoutMs, description: `the outbox of ${service} relayed` },
      );
      await published?.readToEnd();
    },
    async close() {
      await published?.close();
      await neighbours.close();
      await pool.end();
    },
  };
}
