import { headerFor } from './avro-to-ts';

/** What the topic document needs from libs/contracts/src/catalogue.ts. */
export interface CatalogueView {
  readonly services: readonly string[];
  readonly entries: readonly {
    readonly topic: string;
    readonly key: string;
    readonly schemaFile: string;
    readonly producer: string;
    readonly consumers: readonly string[];
    readonly partitions: number;
  }[];
}

/** What the topic document needs from each schema. */
export interface SchemaSummary {
  readonly topic: string;
  /** Generated constant holding the topic, e.g. `ORDER_PLACED_V1`. */
  readonly topicConst: string;
  readonly producer: string;
  readonly file: string;
  readonly recordName: string;
  readonly doc: string;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

/**
 * Renders docs/topics.md from the catalogue. Fails when the catalogue and the schemas
 * disagree, so that the document can never describe topics that do not exist.
 */
export function renderTopicsDoc(catalogue: CatalogueView, schemas: readonly SchemaSummary[]): string {
  const schemaByTopic = new Map(schemas.map((schema) => [schema.topic, schema]));
  const catalogued = new Set(catalogue.entries.map((entry) => entry.topic));
  const problems = [
    ...schemas
      .filter((s) => !catalogued.has(s.topic))
      .map(
        (s) =>
          `${s.topic} (${s.file}) has no catalogue entry: add [${s.topicConst}]: entry(${s.topicConst}, '${s.producer}', [<consumers>])`,
      ),
    ...catalogue.entries
      .filter((e) => !schemaByTopic.has(e.topic))
      .map((e) => `catalogue entry ${e.topic} has no schema`),
    ...catalogue.entries
      .filter((e) => schemaByTopic.has(e.topic) && schemaByTopic.get(e.topic)?.file !== e.schemaFile)
      .map((e) => `catalogue entry ${e.topic} names ${e.schemaFile}, not ${schemaByTopic.get(e.topic)?.file}`),
  ];
  if (problems.length > 0) {
    throw new Error(`libs/contracts/src/catalogue.ts disagrees with schemas/:\n  - ${problems.join('\n  - ')}`);
  }

  const entries = schemas.map((schema) => catalogue.entries.find((entry) => entry.topic === schema.topic)!);
  const topicRows = entries.map((entry) => {
    const schema = schemaByTopic.get(entry.topic) as SchemaSummary;
    return [
      code(entry.topic),
      `**${schema.recordName}**: ${cell(schema.doc)}`,
      entry.producer,
      entry.consumers.join(', '),
      code(entry.key),
      String(entry.partitions),
      `[${schema.file}](../${schema.file})`,
    ];
  });
  const serviceRows = catalogue.services.map((service) => [
    service,
    entries
      .filter((e) => e.producer === service)
      .map((e) => code(e.topic))
      .join('<br>') || '—',
    entries
      .filter((e) => e.consumers.includes(service))
      .map((e) => code(e.topic))
      .join('<br>') || '—',
  ]);
  const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
    [head, head.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');

  return `${headerFor('libs/contracts/src/catalogue.ts and schemas/').replace(/^\/\/ (.*)$/, '<!-- $1 -->')}

# Kafka topics

Every event of the order saga has one topic, named \`<producer>.<event>.v<major>\`. Messages are
keyed by the order id, so all events about one order keep their order within a topic; their
values are Avro records whose schema is the file in the last column. Within a major version
only backward-compatible changes are allowed; a breaking change is a new \`.v<major+1>\` topic.

The same topics, with their producers' and consumers' operations, headers, retry and dead-letter
topics, as an AsyncAPI 3 document: [asyncapi.yaml](asyncapi.yaml), rendered as
[asyncapi.html](asyncapi.html) (a self-contained page: open it in a browser, offline).

${table(['Topic', 'Event', 'Producer', 'Consumers', 'Key', 'Partitions', 'Schema'], topicRows)}

## By service

${table(['Service', 'Produces', 'Consumes'], serviceRows)}
`;
}
