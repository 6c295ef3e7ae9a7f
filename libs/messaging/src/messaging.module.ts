import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CATALOGUE, topicsProducedBy } from '@surge/contracts';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { AvroCodec } from './avro-codec';
import { retryTiersByGroup } from './consuming/retry-tiers';
import { deadLetterTopic, retryTopic } from './headers';
import { KafkaEventsTransport } from './consuming/kafka-events.transport';
import { MessagingHealth } from './operations/messaging.health';
import { MessagingOperations } from './operations/operations';
import { EventPublisher } from './producing/publisher';
import { KAFKA, MESSAGING_OPTIONS, type MessagingOptions } from './tokens';
import { ensureTopics, type TopicSpec } from './topics';

/** Partitions of a retry topic: a few, so that retries of different keys are not all waited for in one line. */
const RETRY_TOPIC_PARTITIONS = 3;

/**
 * Topics a service needs to exist before it starts: the catalogue's, its
 * dead-letter topics, and the retry topics of groups with retry tiers.
 */
export function topicSpecsFor(
  groups: readonly string[],
  retryTiers: ReadonlyMap<string, readonly number[]> = new Map(),
): TopicSpec[] {
  return [
    ...CATALOGUE.map((entry) => ({ topic: entry.topic, partitions: entry.partitions })),
    ...groups.map((group) => ({ topic: deadLetterTopic(group), partitions: 1 })),
    ...[...retryTiers].flatMap(([group, delays]) =>
      delays.map((_, index) => ({ topic: retryTopic(group, index + 1), partitions: RETRY_TOPIC_PARTITIONS })),
    ),
  ];
}

/**
 * Connects the publisher, creates missing topics and registers the schemas of
 * every topic the service produces, once at start-up (ids are then cached).
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationShutdown {
  private readonly log = new Logger('Messaging');

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly publisher: EventPublisher,
    private readonly transport: KafkaEventsTransport,
  ) {}

  /** Called by the service bootstrap before the transport starts consuming. */
  async prepare(): Promise<void> {
    const subscriptions = this.transport.subscriptions();
    const groups = [...new Set(subscriptions.map((s) => s.group))];
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const specs = topicSpecsFor(groups, retryTiersByGroup(subscriptions));
      await ensureTopics(admin, specs, this.options.replicationFactor ?? 1);
    } finally {
      await admin.disconnect();
    }
    await this.codec.registerAll(topicsProducedBy(this.options.service));
    await this.publisher.connect();
    this.log.log(`ready: brokers ${this.options.brokers.join(',')}, registry ${this.options.registryUrl}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}

@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KAFKA, useFactory: () => createKafka(options.service, options.brokers) },
        { provide: AvroCodec, useFactory: () => AvroCodec.connect(options.registryUrl) },
        {
          provide: EventPublisher,
          inject: [KAFKA, AvroCodec],
          useFactory: (kafka: Kafka, codec: AvroCodec) =>
            new EventPublisher(kafka, codec, options.service, options.metrics, options.tracer),
        },
        {
          provide: KafkaEventsTransport,
          inject: [KAFKA, AvroCodec, EventPublisher],
          useFactory: (kafka: Kafka, codec: AvroCodec, publisher: EventPublisher) =>
            new KafkaEventsTransport(kafka, codec, publisher, {
              defaultGroup: options.service,
              partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
              metrics: options.metrics,
              tracer: options.tracer,
              isInfrastructureFailure: options.isInfrastructureFailure,
            }),
        },
        MessagingLifecycle,
        MessagingHealth,
        MessagingOperations,
      ],
      exports: [
        KAFKA,
        MESSAGING_OPTIONS,
        AvroCodec,
        EventPublisher,
        KafkaEventsTransport,
        MessagingLifecycle,
        MessagingHealth,
        MessagingOperations,
      ],
    };
  }
}

/** A Kafka client whose own logs go through Nest's logger. */
export function createKafka(clientId: string, brokers: readonly string[]): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
    retry: { initialRetryTime: 300, retries: 8 },
  });
}

/** Routes kafkajs' own logs through Nest's logger, as structured entries. */
function kafkaLogCreator() {
  const log = new Logger('kafkajs');
  return ({ level, log: entry }: LogEntry) => {
    const { message, ...rest } = entry;
    // Our producer's retries are bounded on purpose (see EventPublisher).
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    const line = { msg: message, ...rest };
    if (level === logLevel.ERROR) log.error(line);
    else if (level === logLevel.WARN) log.warn(line);
    else log.log(line);
  };
}
