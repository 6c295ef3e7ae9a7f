import { CATALOGUE, type ServiceName, SERVICES, type Topic } from '@surge/contracts';
import { type AvroCodec, readDeadLetters, readToEnd } from '@surge/messaging';
import type { Order, SurgeClient } from '@surge/testing';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import type { AcceptedOrder, SeededProduct } from './order-load';

const TERMINAL = new Set<Order['status']>(['CONFIRMED', 'REJECTED', 'CANCELLED']);

export interface ReconcileContext {
  readonly api: SurgeClient;
  readonly urls: Readonly<Record<ServiceName, string>>;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly databaseUrls: Readonly<Record<ServiceName, string>>;
  readonly products: readonly SeededProduct[];
  /** Dead letters expected so far, as `<group> <original topic>:<partition>:<offset>`. */
  readonly expectedDeadLetters: ReadonlySet<string>;
}

/** What the checks found; every list is empty and every flag true on a healthy run. */
export interface Reconciliation {
  readonly orders: number;
  /** Accepted orders that are missing, or not in a terminal state. */
  readonly lost: string[];
  /** `<topic> <orderId>`: an effect published under more than one event id for one order. */
  readonly duplicatedEffects: string[];
  /** Orders whose payment was authorized by more than one ledger transaction. */
  readonly doubleAuthorizations: string[];
  readonly money: { readonly net: number; readonly confirmedTotal: number; readonly balanced: boolean };
  readonly stockProblems: string[];
  readonly outboxBacklog: Partial<Record<ServiceName, number>>;
  readonly deadLetterMismatches: string[];
  readonly deadConsumers: string[];
}

/** Every accepted order's current state, fetched through the public API. */
export async function fetchOrders(api: SurgeClient, accepted: readonly AcceptedOrder[]): Promise<Map<string, Order>> {
  const found = new Map<string, Order>();
  for (let i = 0; i < accepted.length; i += 25) {
    await Promise.all(
      accepted.slice(i, i + 25).map(async ({ orderId }) => {
        const answer = await api.order(orderId);
        if (answer.status === 200) found.set(orderId, answer.body);
      }),
    );
  }
  return found;
}

/** Throws, naming what is still moving, until every order is final, every outbox empty and every service ready. */
export async function assertSettled(context: ReconcileContext, accepted: readonly AcceptedOrder[]): Promise<void> {
  const orders = await fetchOrders(context.api, accepted);
  const open = accepted.filter(({ orderId }) => !TERMINAL.has(orders.get(orderId)?.status ?? 'PENDING'));
  if (open.length > 0) throw new Error(`${open.length} order(s) not final yet, e.g. ${open[0].orderId}`);
  const backlog = await outboxBacklog(context.databaseUrls);
  if (Object.keys(backlog).length > 0) throw new Error(`outboxes not drained: ${JSON.stringify(backlog)}`);
  const notReady = await servicesNotReady(context.urls);
  if (notReady.length > 0) throw new Error(`not ready: ${notReady.join(', ')}`);
  for (const { sku } of context.products) {
    const product = (await context.api.product(sku)).body;
    if (product.reserved !== 0) throw new Error(`${sku} still has ${product.reserved} reserved`);
  }
}

/** The invariants of the issue, over every order of the run so far. */
export async function reconcile(
  context: ReconcileContext,
  accepted: readonly AcceptedOrder[],
): Promise<Reconciliation> {
  const orders = await fetchOrders(context.api, accepted);
  const lost = accepted
    .filter(({ orderId }) => !TERMINAL.has(orders.get(orderId)?.status ?? 'PENDING'))
    .map(({ orderId }) => orderId);
  const confirmed = [...orders.values()].filter((order) => order.status === 'CONFIRMED');

  const ledger = (await context.api.ledgerBalance()).body;
  const confirmedTotal = confirmed.reduce((sum, order) => sum + order.totalAmount, 0);

  const stockProblems: string[] = [];
  for (const { sku, stock } of context.products) {
    const product = (await context.api.product(sku)).body;
    const sold = confirmed
      .flatMap((order) => order.items)
      .filter((item) => item.sku === sku)
      .reduce((sum, item) => sum + item.quantity, 0);
    if (product.available + product.reserved + product.sold !== stock)
      stockProblems.push(
        `${sku}: available+reserved+sold = ${product.available + product.reserved + product.sold} ≠ ${stock}`,
      );
    if (product.reserved !== 0) stockProblems.push(`${sku}: ${product.reserved} still reserved`);
    if (product.sold !== sold) stockProblems.push(`${sku}: sold ${product.sold} ≠ ${sold} in confirmed orders`);
  }

  return {
    orders: accepted.length,
    lost,
    duplicatedEffects: await duplicatedEffects(context),
    doubleAuthorizations: await doubleAuthorizations(context.databaseUrls.payments),
    money: { net: ledger.net, confirmedTotal, balanced: ledger.balanced },
    stockProblems,
    outboxBacklog: await outboxBacklog(context.databaseUrls),
    deadLetterMismatches: await deadLetterMismatches(context),
    deadConsumers: await deadConsumers(context),
  };
}

async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function outboxBacklog(
  urls: Readonly<Record<ServiceName, string>>,
): Promise<Partial<Record<ServiceName, number>>> {
  const backlog: Partial<Record<ServiceName, number>> = {};
  for (const service of SERVICES) {
    const { rows } = await withDatabase(urls[service], (db) =>
      db.query<{ count: string }>('SELECT count(*) AS count FROM outbox_events'),
    );
    const count = Number(rows[0].count);
    if (count > 0) backlog[service] = count;
  }
  return backlog;
}

async function servicesNotReady(urls: Readonly<Record<ServiceName, string>>): Promise<string[]> {
  const answers = await Promise.all(
    SERVICES.map(async (service) => {
      try {
        const response = await fetch(`${urls[service]}/health/ready`, { signal: AbortSignal.timeout(5_000) });
        return response.status === 200 ? undefined : `${service} (${response.status}: ${await response.text()})`;
      } catch (error) {
        return `${service} (${error instanceof Error ? error.message : String(error)})`;
      }
    }),
  );
  return answers.filter((answer): answer is string => answer !== undefined);
}

async function doubleAuthorizations(paymentsUrl: string): Promise<string[]> {
  const { rows } = await withDatabase(paymentsUrl, (db) =>
    db.query<{ order_id: string }>(
      `SELECT p.order_id FROM ledger_entries l JOIN payments p ON p.payment_id = l.payment_id
       WHERE l.kind = 'AUTHORIZATION' GROUP BY p.order_id HAVING count(DISTINCT l.transaction_id) > 1`,
    ),
  );
  return rows.map((row) => row.order_id);
}

/**
 * Every topic carries at most one event per order (one reservation, one
 * authorization, one refund...). A message published twice by the outbox
 * keeps its event id, which consumers deduplicate; two event ids for one
 * order and topic would be an effect done twice.
 */
async function duplicatedEffects(context: ReconcileContext): Promise<string[]> {
  const duplicated: string[] = [];
  for (const { topic } of CATALOGUE) {
    const ids = new Map<string, Set<string>>();
    for (const value of await readTopic(context.kafka, topic)) {
      let event: { orderId: string; eventId: string };
      try {
        event = await context.codec.decode(topic, value);
      } catch {
        continue; // an injected poison message: counted by the dead-letter check
      }
      const seen = ids.get(event.orderId) ?? new Set<string>();
      seen.add(event.eventId);
      ids.set(event.orderId, seen);
    }
    for (const [orderId, events] of ids) if (events.size > 1) duplicated.push(`${topic} ${orderId} (${events.size})`);
  }
  return duplicated;
}

/** Every message value of a topic, from the beginning to its end at the time of the call. */
export async function readTopic(kafka: Kafka, topic: Topic): Promise<(Buffer | null)[]> {
  const values: (Buffer | null)[] = [];
  await readToEnd(kafka, [topic], (_topic, _partition, message) => values.push(message.value), 'surge-faults-reader');
  return values;
}

/** Dead letters name each poison message once per group; a replay may park the same message again. */
export function deadLetterAddress(group: string, original: { topic: string; partition: number; offset: string }) {
  return `${group} ${original.topic}:${original.partition}:${original.offset}`;
}

async function deadLetterMismatches(context: ReconcileContext): Promise<string[]> {
  const actual = new Set(
    (await readDeadLetters(context.kafka)).map((letter) => deadLetterAddress(letter.group, letter.original)),
  );
  const unexpected = [...actual].filter((address) => !context.expectedDeadLetters.has(address));
  const missing = [...context.expectedDeadLetters].filter((address) => !actual.has(address));
  return [
    ...unexpected.map((address) => `dead-lettered but not injected: ${address}`),
    ...missing.map((address) => `injected but not dead-lettered: ${address}`),
  ].sort();
}

/** Every service's consumer group has live members and is not rebalancing forever. */
async function deadConsumers(context: ReconcileContext): Promise<string[]> {
  const groups = SERVICES.filter((service) => CATALOGUE.some((entry) => entry.consumers.includes(service)));
  const admin = context.kafka.admin();
  await admin.connect();
  try {
    const { groups: described } = await admin.describeGroups([...groups]);
    return described
      .filter((group) => group.state !== 'Stable' || group.members.length === 0)
      .map((group) => `${group.groupId}: ${group.state}, ${group.members.length} member(s)`);
  } finally {
    await admin.disconnect();
  }
}
