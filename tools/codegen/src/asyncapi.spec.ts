import { type Diagnostic, DiagnosticSeverity } from '@asyncapi/parser';
import {
  CATALOGUE,
  CATALOGUE_BY_TOPIC,
  RETRY_DELAYS_MS,
  SCHEMA_FILES_BY_TOPIC,
  SERVICES,
  TOPICS,
  topicsConsumedBy,
} from '@surge/contracts';
import {
  DEAD_LETTER_HEADER,
  HEADER,
  REPLAYED_FROM_HEADER,
  RETRY_HEADER,
  TRACEPARENT_HEADER,
  deadLetterTopic,
  retryTopic,
} from '@surge/messaging';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AVRO_SCHEMA_FORMAT, LOCAL_KAFKA, LOCAL_REGISTRY, buildAsyncApi, renderAsyncApiYaml } from './render-asyncapi';
import { parseAsyncApi } from './parse-asyncapi';
import { readSchemaSources } from './schema-source';

const ROOT = join(__dirname, '../../..');
const YAML_FILE = 'docs/asyncapi.yaml';
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const committedYaml = read(YAML_FILE);

/**
 * Diagnostics tolerated below warning level, with why. `asyncapi-latest-version` (information):
 * the document is AsyncAPI 3.0.0 on purpose, the version our tools and bindings target; 3.1.0 exists.
 */
const ALLOWED_DIAGNOSTICS = ['asyncapi-latest-version'];

/** The consumer groups the services run: one per consuming service, named after it (OnEvent's default). */
const GROUPS = SERVICES.filter((service) => topicsConsumedBy(service).length > 0);

interface ExpectedOperation {
  readonly action: 'send' | 'receive';
  readonly channel: string;
  readonly service: string;
  /** For a receive: its consumer group; a retry tier's group is named after its topic (libs/messaging consuming/group-consumer.ts). */
  readonly groupId?: string;
}

function expectedOperations(): Map<string, ExpectedOperation> {
  const ops = new Map<string, ExpectedOperation>();
  const add = (op: ExpectedOperation): void => {
    ops.set(`${op.service}.${op.action}.${op.channel}`, op);
  };
  for (const entry of CATALOGUE) {
    add({ service: entry.producer, action: 'send', channel: entry.topic });
    for (const consumer of entry.consumers) {
      add({ service: consumer, action: 'receive', channel: entry.topic, groupId: consumer });
    }
  }
  for (const group of GROUPS) {
    RETRY_DELAYS_MS.forEach((_, index) => {
      const channel = retryTopic(group, index + 1);
      add({ service: group, action: 'send', channel });
      add({ service: group, action: 'receive', channel, groupId: channel });
    });
    add({ service: group, action: 'send', channel: deadLetterTopic(group) });
  }
  return ops;
}

/** Parsing validates the whole document (about 2 s), so every test shares one parse. */
let parsed: ReturnType<typeof parseAsyncApi> | undefined;
const parseOnce = (): ReturnType<typeof parseAsyncApi> => (parsed ??= parseAsyncApi(committedYaml));
const describeDiagnostic = (d: Diagnostic): string => `${String(d.code)} at ${d.path.join('.')}: ${d.message}`;

async function parseCommitted() {
  const { document, diagnostics } = await parseOnce();
  if (!document) throw new Error(`${YAML_FILE} does not parse:\n  ${diagnostics.map(describeDiagnostic).join('\n  ')}`);
  return { document, diagnostics };
}

describe(`${YAML_FILE}`, () => {
  it('is valid AsyncAPI 3.0.0 with the Avro schema parser: no errors, no warnings', async () => {
    const { document, diagnostics } = await parseOnce();
    const listed = (severity: number): string[] =>
      diagnostics.filter((d) => Number(d.severity) === severity).map(describeDiagnostic);
    expect({ errors: listed(DiagnosticSeverity.Error), warnings: listed(DiagnosticSeverity.Warning) }).toEqual({
      errors: [],
      warnings: [],
    });
    expect(diagnostics.filter((d) => !ALLOWED_DIAGNOSTICS.includes(String(d.code))).map(describeDiagnostic)).toEqual(
      [],
    );
    expect(document?.version()).toBe('3.0.0');
  });

  it('has one channel per topic, whose message payload is the topic’s .avsc exactly', async () => {
    const { document } = await parseCommitted();
    for (const topic of TOPICS) {
      const channel = document.channels().get(topic);
      expect({ topic, address: channel?.address() }).toEqual({ topic, address: topic });
      const messages = channel?.messages().all() ?? [];
      expect({ topic, messages: messages.length }).toEqual({ topic, messages: 1 });
      const [message] = messages;
      expect({ topic, format: message?.schemaFormat() }).toEqual({ topic, format: AVRO_SCHEMA_FORMAT });
      // The parser converts the Avro schema to JSON Schema and keeps the original beside it.
      const avsc = JSON.parse(read(SCHEMA_FILES_BY_TOPIC[topic])) as { fields: { name: string }[] };
      const avro = message?.payload()?.extensions().get('x-parser-original-payload')?.value<unknown>();
      expect({ topic, avro }).toEqual({ topic, avro: avsc });
      expect(Object.keys(message?.payload()?.properties() ?? {}).sort()).toEqual(avsc.fields.map((f) => f.name).sort());
      expect(channel?.bindings().get('kafka')?.value()).toMatchObject({
        partitions: CATALOGUE_BY_TOPIC[topic].partitions,
      });
      expect(message?.bindings().get('kafka')?.value()).toMatchObject({
        key: { type: 'string' },
        schemaIdLocation: 'payload',
        schemaIdPayloadEncoding: 'confluent',
      });
    }
  });

  it('has a retry channel per tier and a dead-letter channel for every consumer group, and no other channel', async () => {
    const { document } = await parseCommitted();
    const failureChannels = GROUPS.flatMap((group) => [
      ...RETRY_DELAYS_MS.map((_, index) => retryTopic(group, index + 1)),
      deadLetterTopic(group),
    ]);
    expect(
      document
        .channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual([...TOPICS, ...failureChannels].sort());
    for (const group of GROUPS) {
      const retryMessage = document.channels().get(retryTopic(group, 1))?.messages().all()[0];
      expect(Object.keys(retryMessage?.headers()?.properties() ?? {})).toEqual(
        expect.arrayContaining([...Object.values(HEADER), ...Object.values(RETRY_HEADER)]),
      );
      expect(retryMessage?.headers()?.required()).toEqual(Object.values(RETRY_HEADER));
      const deadLetter = document.channels().get(deadLetterTopic(group))?.messages().all()[0];
      expect(deadLetter?.headers()?.required()).toEqual(Object.values(DEAD_LETTER_HEADER));
    }
  });

  it('lists every header an event carries, traceparent included', async () => {
    const { document } = await parseCommitted();
    const headers = document.channels().get(TOPICS[0])?.messages().all()[0]?.headers();
    expect(Object.keys(headers?.properties() ?? {}).sort()).toEqual(
      [...new Set([...Object.values(HEADER), TRACEPARENT_HEADER, REPLAYED_FROM_HEADER])].sort(),
    );
    expect(headers?.properties()?.[TRACEPARENT_HEADER]?.description()).toBe(
      'W3C Trace Context of the span that published the event.',
    );
  });

  it('has a send operation per producer and a receive per consumer (with its group), and no others', async () => {
    const { document } = await parseCommitted();
    const expected = expectedOperations();
    const operations = document.operations().all();
    expect(operations.map((op) => op.id()).sort()).toEqual([...expected.keys()].sort());
    for (const op of operations) {
      const want = expected.get(op.id() ?? '');
      expect({
        id: op.id(),
        action: op.action(),
        channels: op
          .channels()
          .all()
          .map((c) => c.address()),
        tags: op
          .tags()
          .all()
          .map((t) => t.name()),
        kafka: op.bindings().get('kafka')?.value(),
      }).toEqual({
        id: op.id(),
        action: want?.action,
        channels: [want?.channel],
        tags: [`service:${want?.service}`],
        kafka: want?.groupId === undefined ? undefined : { groupId: { type: 'string', enum: [want.groupId] } },
      });
    }
  });

  it('names the local Kafka and its schema registry', async () => {
    const { document } = await parseCommitted();
    const server = document.servers().get('local');
    expect({ host: server?.host(), protocol: server?.protocol() }).toEqual({ host: LOCAL_KAFKA, protocol: 'kafka' });
    expect(server?.bindings().get('kafka')?.value()).toMatchObject({ schemaRegistryUrl: LOCAL_REGISTRY });
  });
});

// Prettier cannot run inside Jest (it loads its plugins with dynamic import), so this compares
// the regenerated document with the committed one as data, and the unformatted text of two
// runs byte for byte; npm run codegen:check compares the formatted files byte for byte, and
// docs/asyncapi.html too (the React component's jsdom is ES modules Jest cannot require).
describe('regenerating docs/asyncapi.yaml', () => {
  const render = (): string =>
    renderAsyncApiYaml(
      buildAsyncApi({
        version: (JSON.parse(read('package.json')) as { version: string }).version,
        catalogue: { services: SERVICES, entries: Object.values(CATALOGUE_BY_TOPIC), retryDelaysMs: RETRY_DELAYS_MS },
        schemas: readSchemaSources(ROOT),
        messaging: { HEADER, RETRY_HEADER, DEAD_LETTER_HEADER, REPLAYED_FROM_HEADER, retryTopic, deadLetterTopic },
      }),
    );

  it('is deterministic', () => {
    expect(render()).toBe(render());
  });

  it('gives the committed document', () => {
    const leadingComments = (text: string): string[] => text.split('\n').filter((line) => line.startsWith('# '));
    expect(leadingComments(render())).toEqual(leadingComments(committedYaml));
    expect(parseYaml(render())).toEqual(parseYaml(committedYaml));
  });
});
