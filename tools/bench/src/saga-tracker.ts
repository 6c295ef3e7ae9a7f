import {
  CATALOGUE,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_REJECTED_V1,
  type Topic,
  TOPICS,
} from '@surge/contracts';
import { type AvroCodec, UndecodableEventError } from '@surge/messaging';
import type { Admin, Consumer, Kafka } from 'kafkajs';

/** Topics whose event ends an order's saga, and the status each means. */
export const TERMINAL_TOPICS: ReadonlyMap<Topic, 'CONFIRMED' | 'REJECTED' | 'CANCELLED'> = new Map([
  [ORDER_CONFIRMED_V1, 'CONFIRMED'],
  [ORDER_REJECTED_V1, 'REJECTED'],
  [ORDER_CANCELLED_V1, 'CANCELLED'],
] as const);

/** What the saga's topics said about one order. */
export interface OrderEvents {
  /** Per topic: when its first event about the order was published (the record's CreateTime) and every event id seen. */
  readonly byTopic: Map<Topic, { readonly firstAt: number; readonly eventIds: Set<string> }>;
  terminal?: { readonly status: 'CONFIRMED' | 'REJECTED' | 'CANCELLED'; readonly at: number; readonly reason?: string };
}

/**
 * Reads every saga topic from the moment it starts, with a consumer group of
 * its own whose offsets are set to the topics' ends first: it sees exactly the
 * events published after `start()`, whenever its consumer joins.
 */
export class SagaTracker {
  readonly orders = new Map<string, OrderEvents>();
  messages = 0;
  valueBytes = 0;
  undecodable = 0;
  private consumer: Consumer | undefined;
  private readonly groupId: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    runId: string,
  ) {
    this.groupId = `surge-bench-${runId}`;
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const topic of TOPICS) {
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({
          groupId: this.groupId,
          topic,
          partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
        });
      }
    } finally {
      await admin.disconnect();
    }
    this.consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 100, sessionTimeout: 10_000 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...TOPICS], fromBeginning: false });
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        const topic = batch.topic as Topic;
        for (const message of batch.messages) {
          await this.record(topic, Number(message.timestamp), message.value);
          // Counted once decoded: a batch that failed (registry away) comes again.
          this.messages++;
          this.valueBytes += message.value?.length ?? 0;
        }
      },
    });
  }

  private async record(topic: Topic, at: number, value: Buffer | null): Promise<void> {
    let event: { orderId: string; eventId: string; reason?: unknown };
    try {
      event = await this.codec.decode(topic, value);
    } catch (error) {
      // Not an event at all: counted and skipped. Anything else (the registry
      // away) fails the batch, which kafkajs delivers again.
      if (!(error instanceof UndecodableEventError)) throw error;
      this.undecodable++;
      return;
    }
    let order = this.orders.get(event.orderId);
    if (!order) {
      order = { byTopic: new Map() };
      this.orders.set(event.orderId, order);
    }
    const seen = order.byTopic.get(topic);
    if (seen) seen.eventIds.add(event.eventId);
    else order.byTopic.set(topic, { firstAt: at, eventIds: new Set([event.eventId]) });
    const status = TERMINAL_TOPICS.get(topic);
    if (status && !order.terminal)
      order.terminal = { status, at, reason: typeof event.reason === 'string' ? event.reason : undefined };
  }

  /** `<topic> <orderId>`: one order's effect published under more than one event id. */
  duplicatedEffects(orderIds: Iterable<string>): string[] {
    const duplicated: string[] = [];
    for (const orderId of orderIds) {
      for (const [topic, { eventIds }] of this.orders.get(orderId)?.byTopic ?? [])
        if (eventIds.size > 1) duplicated.push(`${topic} ${orderId} (${eventIds.size} event ids)`);
    }
    return duplicated;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.groupId]).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}

/** The consumer groups of the services, by the topics each reads. */
export function serviceGroups(): Map<string, Topic[]> {
  const groups = new Map<string, Topic[]>();
  for (const { topic, consumers } of CATALOGUE)
    for (const service of consumers) groups.set(service, [...(groups.get(service) ?? []), topic]);
  return groups;
}

/** Each service group's lag: messages behind the ends of the topics it reads. */
export async function groupLags(admin: Admin): Promise<Map<string, number>> {
  const ends = new Map<string, Map<number, { high: number; low: number }>>();
  await Promise.all(
    TOPICS.map(async (topic) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(topic, new Map(offsets.map((o) => [o.partition, { high: Number(o.high), low: Number(o.low) }])));
    }),
  );
  const lags = new Map<string, number>();
  await Promise.all(
    [...serviceGroups()].map(async ([group, topics]) => {
      const committed = await admin.fetchOffsets({ groupId: group, topics });
      let lag = 0;
      for (const { topic, partitions } of committed)
        for (const { partition, offset } of partitions) {
          const end = ends.get(topic)?.get(partition) ?? { high: 0, low: 0 };
          // -1: nothing committed yet, so everything still in the log is behind.
          lag += Math.max(0, end.high - (Number(offset) < 0 ? end.low : Number(offset)));
        }
      lags.set(group, lag);
    }),
  );
  return lags;
}

/** Samples each service group's lag every interval (skipping a tick while one is running) and keeps the largest seen. */
export class LagSampler {
  readonly maxLag = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private admin: Admin | undefined;
  private sampling: Promise<void> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async start(intervalMs = 1_000): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.timer = setInterval(() => {
      if (this.sampling) return;
      this.sampling = this.sample()
        .catch(() => undefined)
        .finally(() => (this.sampling = undefined));
    }, intervalMs);
  }

  private async sample(): Promise<void> {
    for (const [group, lag] of await groupLags(this.admin!))
      this.maxLag.set(group, Math.max(this.maxLag.get(group) ?? 0, lag));
  }

  /** Resolves once every service group has consumed everything published so far, or when the deadline passes. */
  async waitForCaughtUp(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const lags = await groupLags(this.admin!).catch(() => undefined);
      if (lags && [...lags.values()].every((lag) => lag === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
    await this.admin?.disconnect();
  }
}
