import {
  FRAUD_CHECK_COMPLETED_V1,
  INVENTORY_REJECTED_V1,
  INVENTORY_RELEASED_V1,
  INVENTORY_RESERVED_V1,
  ORDER_CANCELLED_V1,
  ORDER_CONFIRMED_V1,
  ORDER_PLACED_V1,
  ORDER_REJECTED_V1,
  PAYMENT_AUTHORIZED_V1,
  PAYMENT_DECLINED_V1,
  PAYMENT_REFUNDED_V1,
  PAYMENT_REQUESTED_V1,
  PRODUCERS_BY_TOPIC,
  SCHEMA_FILES_BY_TOPIC,
  TOPICS,
  Topic,
} from './generated';

/**
 * The topic catalogue: who produces and who consumes each topic. This is the one place
 * that says so; docs/topics.md is rendered from it by `npm run codegen`.
 */

export const SERVICES = ['orders', 'inventory', 'payments', 'fraud-detection', 'notifications'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Default HTTP port of each service, part of the public contract (docs/DESIGN.md). */
export const DEFAULT_HTTP_PORTS: Readonly<Record<ServiceName, number>> = {
  orders: 3001,
  inventory: 3002,
  payments: 3003,
  'fraud-detection': 3004,
  notifications: 3005,
};

/**
 * Partitions of every topic. 6 is divisible by 1, 2, 3 and 6, so a consumer group of up to
 * 6 replicas gets an even share, which is more parallelism than a 2-core machine can use
 * while keeping broker memory, open files and rebalance time small. Adding partitions later
 * moves keys to other partitions and so breaks per-order ordering for events in flight:
 * choose enough up front.
 */
export const DEFAULT_PARTITIONS = 6;

/**
 * The retry tiers of every consumer group, in ms. An event whose handler keeps
 * failing for a reason that may pass is retried in process, then once from
 * `<group>.retry-1` after the first delay and once from `<group>.retry-2`
 * after the second, and only then dead-lettered; meanwhile its partition goes
 * on. Deployments create these topics (tools/deploy-check holds them to it).
 */
export const RETRY_DELAYS_MS: readonly number[] = [5_000, 60_000];

/** The message key of every topic: all events about one order land in one partition, in order. */
export const MESSAGE_KEY = 'orderId' as const;

export interface TopicEntry<T extends Topic = Topic> {
  readonly topic: T;
  /** Event field whose value is the Kafka message key. */
  readonly key: typeof MESSAGE_KEY;
  /** Repository path of the topic's Avro schema. */
  readonly schemaFile: string;
  readonly producer: ServiceName;
  /** Services that subscribe to the topic, each with its own consumer group. */
  readonly consumers: readonly ServiceName[];
  readonly partitions: number;
}

/** The producer is the schema's directory; typing it here makes a wrong one a compile error. */
function entry<T extends Topic>(
  topic: T,
  producer: (typeof PRODUCERS_BY_TOPIC)[T] & ServiceName,
  consumers: readonly ServiceName[],
): TopicEntry<T> {
  return {
    topic,
    key: MESSAGE_KEY,
    schemaFile: SCHEMA_FILES_BY_TOPIC[topic],
    producer,
    consumers,
    partitions: DEFAULT_PARTITIONS,
  };
}

/** Every topic's entry, by topic; a topic missing here is a compile error. */
export const CATALOGUE_BY_TOPIC: { readonly [T in Topic]: TopicEntry<T> } = {
  [ORDER_PLACED_V1]: entry(ORDER_PLACED_V1, 'orders', ['inventory', 'fraud-detection']),
  [INVENTORY_RESERVED_V1]: entry(INVENTORY_RESERVED_V1, 'inventory', ['orders']),
  [INVENTORY_REJECTED_V1]: entry(INVENTORY_REJECTED_V1, 'inventory', ['orders']),
  // orders records releases on the order's timeline
  [INVENTORY_RELEASED_V1]: entry(INVENTORY_RELEASED_V1, 'inventory', ['orders']),
  // notifications alerts operations about fraud rejections
  [FRAUD_CHECK_COMPLETED_V1]: entry(FRAUD_CHECK_COMPLETED_V1, 'fraud-detection', ['orders', 'notifications']),
  [PAYMENT_REQUESTED_V1]: entry(PAYMENT_REQUESTED_V1, 'orders', ['payments']),
  [PAYMENT_AUTHORIZED_V1]: entry(PAYMENT_AUTHORIZED_V1, 'payments', ['orders']),
  [PAYMENT_DECLINED_V1]: entry(PAYMENT_DECLINED_V1, 'payments', ['orders']),
  // orders records refunds on the order's timeline
  [PAYMENT_REFUNDED_V1]: entry(PAYMENT_REFUNDED_V1, 'payments', ['orders', 'notifications']),
  [ORDER_CONFIRMED_V1]: entry(ORDER_CONFIRMED_V1, 'orders', ['inventory', 'notifications']),
  // payments voids an authorization that arrives after the order was rejected (e.g. on TIMEOUT)
  [ORDER_REJECTED_V1]: entry(ORDER_REJECTED_V1, 'orders', ['inventory', 'payments', 'notifications']),
  [ORDER_CANCELLED_V1]: entry(ORDER_CANCELLED_V1, 'orders', ['inventory', 'payments', 'notifications']),
};

/** Every topic's entry, in the order of TOPICS. */
export const CATALOGUE: readonly TopicEntry[] = TOPICS.map((topic) => CATALOGUE_BY_TOPIC[topic]);

export function topicsProducedBy(service: ServiceName): Topic[] {
  return CATALOGUE.filter((e) => e.producer === service).map((e) => e.topic);
}

export function topicsConsumedBy(service: ServiceName): Topic[] {
  return CATALOGUE.filter((e) => e.consumers.includes(service)).map((e) => e.topic);
}

/** The event's name as the saga speaks of it: `orders.order-placed.v1` → `OrderPlaced`. */
export function eventName(topic: Topic): string {
  const [, name = ''] = topic.split('.');
  return name.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}

/** The service that publishes the event of this name (see eventName), if it is one of the catalogue's. */
export function producerOfEvent(name: string): ServiceName | undefined {
  return CATALOGUE.find((entry) => eventName(entry.topic) === name)?.producer;
}
