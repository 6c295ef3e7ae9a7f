import { randomUUID } from 'node:crypto';
import { CATALOGUE, type ServiceName, SERVICES } from '@surge/contracts';
import type { RunningStack } from '@surge/local-infra';
import type { RunningSurge } from '@surge/testing';
import type { Kafka } from 'kafkajs';

export interface FaultContext {
  readonly surge: RunningSurge;
  readonly stack: RunningStack;
  readonly kafka: Kafka;
  /** Resolves once the load has sent this many more orders: "a while", measured in traffic. */
  whileOrdersFlow(count: number): Promise<void>;
  /** Records a message the fault made undeliverable on purpose: each consuming group must dead-letter it. */
  expectDeadLetter(group: string, original: { topic: string; partition: number; offset: string }): void;
}

/** One fault: `inject` breaks something and returns once it is healed (or heals itself, as a killed service does). */
export interface Fault {
  readonly name: string;
  inject(context: FaultContext): Promise<void>;
}

function killService(service: ServiceName): Fault {
  return {
    name: `SIGKILL ${service}`,
    async inject({ surge }) {
      const before = surge.restarts(service);
      surge.kill(service, 'SIGKILL');
      // The supervisor brings it back, as compose or Kubernetes would.
      await surge.waitReady(service, 120_000);
      if (surge.restarts(service) <= before) throw new Error(`${service} was not restarted`);
    },
  };
}

const restartBroker: Fault = {
  name: 'restart Kafka broker',
  async inject({ stack }) {
    await stack.parts.kafka.restart();
  },
};

const restartPostgres: Fault = {
  name: 'restart PostgreSQL',
  async inject({ stack }) {
    await stack.parts.postgres.restart();
  },
};

function registryOutage(orders: number): Fault {
  return {
    name: 'schema registry down',
    async inject({ stack, whileOrdersFlow }) {
      await stack.parts.registry.stop();
      try {
        await whileOrdersFlow(orders);
      } finally {
        await stack.parts.registry.start();
      }
    },
  };
}

/** Bytes no consumer can read: not Avro at all, and Avro framing naming a schema id the registry never issued. */
export const POISON_VALUES: readonly Buffer[] = [
  Buffer.from('{"not":"avro"}'),
  Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xfe]), Buffer.from('garbage')]),
];

const poisonEveryTopic: Fault = {
  name: 'poison message on every consumed topic',
  async inject({ kafka, expectDeadLetter }) {
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (const { topic, consumers } of CATALOGUE) {
        for (const value of consumers.length > 0 ? POISON_VALUES : []) {
          // One message per send: the record metadata is then exactly where it landed.
          const [{ partition, baseOffset }] = await producer.send({ topic, messages: [{ key: randomUUID(), value }] });
          for (const group of consumers) expectDeadLetter(group, { topic, partition, offset: baseOffset ?? '' });
        }
      }
    } finally {
      await producer.disconnect();
    }
  },
};

/**
 * Every consumer group reads all of its topics again from offset 0: each
 * service is stopped (a group's offsets can only be moved while it has no
 * members), its group rewound, and started again. The inbox must make every
 * redelivered event a no-op.
 */
const redeliverFromZero: Fault = {
  name: 'redeliver every topic from offset 0',
  async inject({ surge, kafka }) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const service of SERVICES) {
        const topics = CATALOGUE.filter((entry) => entry.consumers.includes(service)).map((entry) => entry.topic);
        if (topics.length === 0) continue;
        await surge.stopService(service);
        for (const topic of topics) await admin.resetOffsets({ groupId: service, topic, earliest: true });
        await surge.startService(service);
      }
    } finally {
      await admin.disconnect();
    }
  },
};

export interface FaultPlan {
  readonly ratePerSecond: number;
  /** Orders sent before the fault, and after it is healed. */
  readonly ordersBefore: number;
  readonly ordersAfter: number;
  /** Orders sent while the registry is down. */
  readonly registryOutageOrders: number;
}

export const PLANS: Readonly<Record<'short' | 'full', FaultPlan>> = {
  short: { ratePerSecond: 8, ordersBefore: 16, ordersAfter: 24, registryOutageOrders: 40 },
  full: { ratePerSecond: 25, ordersBefore: 250, ordersAfter: 500, registryOutageOrders: 500 },
};

export function faults(plan: FaultPlan): Fault[] {
  return [
    ...SERVICES.map(killService),
    restartBroker,
    restartPostgres,
    registryOutage(plan.registryOutageOrders),
    poisonEveryTopic,
    redeliverFromZero,
  ];
}
