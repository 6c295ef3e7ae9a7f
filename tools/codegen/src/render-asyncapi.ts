import { stringify } from 'yaml';
import { headerFor } from './avro-to-ts';
import type { ContractsView, MessagingNames } from './load-catalogue';

/** What the AsyncAPI document needs from each schema. */
export interface AsyncApiSchema {
  readonly topic: string;
  readonly file: string;
  /** Avro record name, e.g. `OrderPlaced`. */
  readonly recordName: string;
  /** e.g. `V1`; with the record name, the message id (`OrderPlacedV1`). */
  readonly typeSuffix: string;
  /** The schema exactly as written in its file. */
  readonly json: Record<string, unknown>;
}

export interface AsyncApiInputs {
  /** info.version: the repository's package version. */
  readonly version: string;
  readonly catalogue: ContractsView;
  readonly schemas: readonly AsyncApiSchema[];
  readonly messaging: MessagingNames;
}

type Json = Record<string, unknown>;

export const ASYNCAPI_VERSION = '3.0.0';
export const AVRO_SCHEMA_FORMAT = 'application/vnd.apache.avro;version=1.9.0';
export const KAFKA_BINDING_VERSION = '0.5.0';
export const LOCAL_KAFKA = '127.0.0.1:9092';
export const LOCAL_REGISTRY = 'http://127.0.0.1:8081/apis/ccompat/v7';
/**
 * The W3C Trace Context header every publish sets (TRACEPARENT_HEADER of libs/messaging/src/tracing.ts, which
 * codegen cannot load on its own: it imports OpenTelemetry; asyncapi.spec.ts holds the two equal).
 */
export const TRACEPARENT_HEADER = 'traceparent';
export const RETRIED_MESSAGE = 'RetriedEvent';
export const DEAD_LETTER_MESSAGE = 'DeadLetteredEvent';
export const SERVICE_TAG_PREFIX = 'service:';

const DECIMAL = { type: 'string', pattern: '^[0-9]+$' } as const;
const ISO_TIME = { type: 'string', format: 'date-time' } as const;

/**
 * Every header the consumers and publishers write, by name. A header added to
 * libs/messaging/src/headers.ts without an entry here stops codegen, so the document
 * never lists a header it cannot explain.
 */
const HEADER_SCHEMAS: Readonly<Record<string, Json>> = {
  'event-id': {
    type: 'string',
    format: 'uuid',
    description: 'The eventId of the payload; consumers deduplicate on it.',
  },
  'event-type': {
    type: 'string',
    description: 'The topic the event was published to, e.g. `orders.order-placed.v1`: it names the schema.',
  },
  'correlation-id': {
    type: 'string',
    description: 'The correlationId of the payload: shared by every event of one saga run.',
  },
  'causation-id': {
    type: 'string',
    description:
      'The causationId of the payload: eventId of the event that caused this one; absent when a request did.',
  },
  'occurred-at': { ...ISO_TIME, description: 'The occurredAt of the payload, in ISO 8601 UTC.' },
  producer: { type: 'string', description: 'The service that published the event.' },
  [TRACEPARENT_HEADER]: {
    type: 'string',
    pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
    description: 'W3C Trace Context of the span that published the event.',
  },
  'retry-original-topic': { type: 'string', description: 'The topic the event was first consumed from.' },
  'retry-original-partition': { ...DECIMAL, description: 'Its partition there.' },
  'retry-original-offset': { ...DECIMAL, description: 'Its offset there.' },
  'retry-attempts': { ...DECIMAL, description: 'How many times handling it has failed so far.' },
  'retry-first-error': { type: 'string', maxLength: 2000, description: 'The first error, cut to 2,000 characters.' },
  'retry-due-at': { ...ISO_TIME, description: 'When the retry consumer tries it again (ISO 8601).' },
  'dlq-original-topic': { type: 'string', description: 'The topic the event was consumed from.' },
  'dlq-original-partition': { ...DECIMAL, description: 'Its partition there.' },
  'dlq-original-offset': { ...DECIMAL, description: 'Its offset there.' },
  'dlq-group': { type: 'string', description: 'The consumer group that gave up on it.' },
  'dlq-error': { type: 'string', maxLength: 2000, description: 'The last error, cut to 2,000 characters.' },
  'dlq-attempts': { ...DECIMAL, description: 'How many times handling it failed.' },
  'dlq-failed-at': { ...ISO_TIME, description: 'When it was parked (ISO 8601).' },
  'dlq-replayed-from': {
    type: 'string',
    description:
      'On an event replayed from a dead-letter topic (`npm run dlq -- replay`): the dead letter it came from, `<topic>:<partition>:<offset>`.',
  },
};

/** Headers every event carries from its publisher; the others are optional. */
const REQUIRED_EVENT_HEADERS = ['event-id', 'event-type', 'correlation-id', 'occurred-at', 'producer'];

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const unique = (names: readonly string[]): string[] => [...new Set(names)];
const code = (text: string): string => `\`${text}\``;
const ref = (pointer: string): Json => ({ $ref: `#/${pointer}` });
const pointerSegment = (name: string): string => name.replace(/~/g, '~0').replace(/\//g, '~1');
const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

function headersSchema(names: readonly string[], required: readonly string[], description: string): Json {
  const missing = names.filter((name) => HEADER_SCHEMAS[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `libs/messaging/src/headers.ts names header(s) ${missing.join(', ')} that docs/asyncapi.yaml cannot describe: add them to HEADER_SCHEMAS in tools/codegen/src/render-asyncapi.ts`,
    );
  }
  return {
    type: 'object',
    description,
    required: [...required],
    properties: Object.fromEntries(names.map((name) => [name, HEADER_SCHEMAS[name]])),
  };
}

/** The operation id: `<service>.<send|receive>.<topic>`. */
export function operationId(service: string, action: 'send' | 'receive', topic: string): string {
  return `${service}.${action}.${topic}`;
}

/**
 * The consumer groups, by service. The catalogue names consumers by service only: each
 * consuming service reads all its topics in one group named after itself (OnEvent's default
 * group; tools/deploy-check derives the topics it expects the same way), and every group has
 * one retry tier per RETRY_DELAYS_MS entry.
 */
export function consumerGroups(catalogue: ContractsView): { group: string; service: string; topics: string[] }[] {
  return catalogue.services
    .map((service) => ({
      group: service,
      service,
      topics: catalogue.entries
        .filter((e) => e.consumers.includes(service))
        .map((e) => e.topic)
        .sort(byText),
    }))
    .filter((g) => g.topics.length > 0)
    .sort((a, b) => byText(a.group, b.group));
}

/** The AsyncAPI 3 document as a plain object, every map in a fixed order. */
export function buildAsyncApi(inputs: AsyncApiInputs): Json {
  const { catalogue, messaging } = inputs;
  const schemaByTopic = new Map(inputs.schemas.map((s) => [s.topic, s]));
  const entries = [...catalogue.entries].sort((a, b) => byText(a.topic, b.topic));
  for (const entry of entries) {
    if (!schemaByTopic.has(entry.topic)) throw new Error(`catalogue entry ${entry.topic} has no schema`);
  }
  const groups = consumerGroups(catalogue);
  const tiers = catalogue.retryDelaysMs.map((delay, index) => ({ tier: index + 1, delay }));
  const messageId = (topic: string): string => {
    const schema = schemaByTopic.get(topic) as AsyncApiSchema;
    return `${schema.recordName}${schema.typeSuffix}`;
  };
  // Summaries are plain text (renderers show them as is); descriptions are CommonMark.
  const docOf = (topic: string): string => {
    const doc = schemaByTopic.get(topic)?.json['doc'];
    return typeof doc === 'string' ? doc : '';
  };
  const channelRef = (channel: string): Json => ref(`channels/${pointerSegment(channel)}`);
  const channelMessageRef = (channel: string, message: string): Json =>
    ref(`channels/${pointerSegment(channel)}/messages/${pointerSegment(message)}`);
  const serviceTags = (service: string): Json[] => [{ name: `${SERVICE_TAG_PREFIX}${service}` }];
  const groupBinding = (groupId: string): Json => ({
    kafka: { groupId: { type: 'string', enum: [groupId] }, bindingVersion: KAFKA_BINDING_VERSION },
  });
  const messageBindings = (keyDescription: string): Json => ({
    kafka: {
      key: { type: 'string', description: keyDescription },
      schemaIdLocation: 'payload',
      schemaIdPayloadEncoding: 'confluent',
      schemaLookupStrategy: 'TopicNameStrategy',
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  });
  const orderKey = (field: string): string =>
    `The ${field} of the event, UTF-8: one order's events share a partition, in order.`;

  const eventHeaderNames = unique([
    ...Object.values(messaging.HEADER),
    TRACEPARENT_HEADER,
    ...(messaging.REPLAYED_FROM_HEADER ? [messaging.REPLAYED_FROM_HEADER] : []),
  ]);
  const retryHeaderNames = Object.values(messaging.RETRY_HEADER);
  const deadLetterHeaderNames = Object.values(messaging.DEAD_LETTER_HEADER);
  const failureNote =
    'It keeps the headers the event had (listed, but not all required: a poison message may lack them).';

  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};

  for (const entry of entries) {
    const id = messageId(entry.topic);
    const consumerList = entry.consumers.map((c) => `${c} (group ${code(c)})`).join(', ');
    channels[entry.topic] = {
      address: entry.topic,
      title: entry.topic,
      summary: docOf(entry.topic),
      description: `Produced by ${entry.producer}; consumed by ${consumerList}. Keyed by ${code(entry.key)}. Schema: ${code(entry.schemaFile)}, registered as subject ${code(`${entry.topic}-value`)}.`,
      messages: { [id]: ref(`components/messages/${id}`) },
      bindings: { kafka: { partitions: entry.partitions, bindingVersion: KAFKA_BINDING_VERSION } },
    };
    const schema = schemaByTopic.get(entry.topic) as AsyncApiSchema;
    messages[id] = {
      name: id,
      title: `${schema.recordName} ${schema.typeSuffix.toLowerCase()}`,
      summary: docOf(entry.topic),
      correlationId: ref('components/correlationIds/SagaRun'),
      headers: ref('components/schemas/EventHeaders'),
      payload: { schemaFormat: AVRO_SCHEMA_FORMAT, schema: schema.json },
      bindings: messageBindings(orderKey(entry.key)),
    };
    operations[operationId(entry.producer, 'send', entry.topic)] = {
      action: 'send',
      channel: channelRef(entry.topic),
      messages: [channelMessageRef(entry.topic, id)],
      summary: `Publishes ${schema.recordName}.`,
      tags: serviceTags(entry.producer),
    };
    for (const consumer of entry.consumers) {
      operations[operationId(consumer, 'receive', entry.topic)] = {
        action: 'receive',
        channel: channelRef(entry.topic),
        messages: [channelMessageRef(entry.topic, id)],
        summary: `Consumes ${schema.recordName} (group ${consumer}).`,
        tags: serviceTags(consumer),
        bindings: groupBinding(consumer),
      };
    }
  }

  for (const { group, service, topics } of groups) {
    const from = topics.map(code).join(', ');
    tiers.forEach(({ tier, delay }) => {
      const topic = messaging.retryTopic(group, tier);
      const next =
        tier < tiers.length ? code(messaging.retryTopic(group, tier + 1)) : code(messaging.deadLetterTopic(group));
      channels[topic] = {
        address: topic,
        title: topic,
        summary: `Retry tier ${tier} of group ${group}: events it failed to handle, tried again after ${seconds(delay)}.`,
        description: `Events of ${from} whose handler in group ${code(group)} kept failing for a reason that may pass. Consumer group ${code(topic)} handles each one again once it is due; if that fails too, the event moves to ${next}.`,
        messages: { [RETRIED_MESSAGE]: ref(`components/messages/${RETRIED_MESSAGE}`) },
      };
      operations[operationId(service, 'send', topic)] = {
        action: 'send',
        channel: channelRef(topic),
        messages: [channelMessageRef(topic, RETRIED_MESSAGE)],
        summary: `Moves an event it failed to handle to retry tier ${tier}.`,
        tags: serviceTags(service),
      };
      operations[operationId(service, 'receive', topic)] = {
        action: 'receive',
        channel: channelRef(topic),
        messages: [channelMessageRef(topic, RETRIED_MESSAGE)],
        summary: `Tries events again once due (group ${topic}).`,
        tags: serviceTags(service),
        bindings: groupBinding(topic),
      };
    });
    const deadLetters = messaging.deadLetterTopic(group);
    channels[deadLetters] = {
      address: deadLetters,
      title: deadLetters,
      summary: `Events group ${group} gave up on, kept for inspection and replay (npm run dlq).`,
      description: `Events of ${from} that group ${code(group)} could not handle: poison messages at once, others after their retries. Nothing in the services reads it; \`npm run dlq -- list | inspect | replay\` does.`,
      messages: { [DEAD_LETTER_MESSAGE]: ref(`components/messages/${DEAD_LETTER_MESSAGE}`) },
    };
    operations[operationId(service, 'send', deadLetters)] = {
      action: 'send',
      channel: channelRef(deadLetters),
      messages: [channelMessageRef(deadLetters, DEAD_LETTER_MESSAGE)],
      summary: 'Parks an event it cannot handle.',
      tags: serviceTags(service),
    };
  }

  messages[RETRIED_MESSAGE] = {
    name: RETRIED_MESSAGE,
    title: 'Retried event',
    summary: 'An event moved to a retry tier: its original key and value, byte for byte, plus the retry headers.',
    correlationId: ref('components/correlationIds/SagaRun'),
    headers: ref('components/schemas/RetryHeaders'),
    payload: ref('components/schemas/OriginalValue'),
    bindings: messageBindings(orderKey('orderId')),
  };
  messages[DEAD_LETTER_MESSAGE] = {
    name: DEAD_LETTER_MESSAGE,
    title: 'Dead-lettered event',
    summary: 'An event a group gave up on: its original key and value, byte for byte, plus the dead-letter headers.',
    correlationId: ref('components/correlationIds/SagaRun'),
    headers: ref('components/schemas/DeadLetterHeaders'),
    payload: ref('components/schemas/OriginalValue'),
    bindings: messageBindings(orderKey('orderId')),
  };

  const delays = tiers.map(({ tier, delay }) => `${code(`<group>.retry-${tier}`)} after ${seconds(delay)}`).join(', ');
  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'Surge events',
      version: inputs.version,
      description: [
        'The Kafka topics of the order saga, generated from `schemas/` and `libs/contracts/src/catalogue.ts` by `npm run codegen` (do not edit). [docs/topics.md](topics.md) lists the same topics as tables.',
        'Every message value is Confluent-framed Avro: a magic byte 0, the 4-byte big-endian id of the writer schema in the registry (subject `<topic>-value`), then the Avro binary encoding of the record. Each message payload below is that schema, exactly as in `schemas/`. Within a major version only backward-compatible changes are allowed; a breaking change is a new `.v<major+1>` topic.',
        'Every message is keyed by its `orderId`, so one order’s events keep their order in a partition. Its Kafka headers (UTF-8 strings) repeat the envelope, so tools can read it without decoding.',
        `Each consumer group (one per consuming service, named after it) retries an event whose handler keeps failing from ${delays}, then parks it on ${code('<group>.dead-letter')}; those topics carry the original key and value plus retry or dead-letter headers.`,
      ].join('\n\n'),
    },
    defaultContentType: 'application/octet-stream',
    servers: {
      local: {
        host: LOCAL_KAFKA,
        protocol: 'kafka',
        title: 'Local Kafka (npm start)',
        description:
          'The single-node Kafka of `npm start`, with Apicurio Registry serving the Confluent schema registry API.',
        bindings: {
          kafka: {
            schemaRegistryUrl: LOCAL_REGISTRY,
            schemaRegistryVendor: 'apicurio',
            bindingVersion: KAFKA_BINDING_VERSION,
          },
        },
      },
    },
    channels: Object.fromEntries(Object.entries(channels).sort(([a], [b]) => byText(a, b))),
    operations: Object.fromEntries(Object.entries(operations).sort(([a], [b]) => byText(a, b))),
    components: {
      schemas: {
        EventHeaders: headersSchema(
          eventHeaderNames,
          REQUIRED_EVENT_HEADERS.filter((name) => eventHeaderNames.includes(name)),
          'Kafka headers of every event, set by its publisher (libs/messaging).',
        ),
        RetryHeaders: headersSchema(
          [...eventHeaderNames, ...retryHeaderNames],
          retryHeaderNames,
          `Headers of an event in a retry tier: where it came from and why. ${failureNote}`,
        ),
        DeadLetterHeaders: headersSchema(
          [...eventHeaderNames, ...deadLetterHeaderNames],
          deadLetterHeaderNames,
          `Headers of a dead-lettered event: where it came from and why it was parked. ${failureNote}`,
        ),
        OriginalValue: {
          type: 'string',
          format: 'binary',
          description:
            'The value of the original message, unchanged: Confluent-framed Avro of the topic in the original-topic header, or whatever bytes a poison message held.',
        },
      },
      messages: Object.fromEntries(Object.entries(messages).sort(([a], [b]) => byText(a, b))),
      correlationIds: {
        SagaRun: {
          description: 'Shared by every event of one saga run (one order), for tracing.',
          location: '$message.header#/correlation-id',
        },
      },
    },
  };
}

/** docs/asyncapi.yaml: the document as YAML, under a do-not-edit header. */
export function renderAsyncApiYaml(document: Json): string {
  const header = headerFor('libs/contracts/src/catalogue.ts, libs/messaging/src/headers.ts and schemas/').replace(
    /^\/\//,
    '#',
  );
  const groupsNote = [
    '# The catalogue names consumers by service: each consuming service is one consumer group named after itself,',
    '# with one retry topic per RETRY_DELAYS_MS entry and a dead-letter topic (libs/messaging/src/headers.ts names them).',
  ].join('\n');
  return `${header}\n${groupsNote}\n${stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
}
