/**
 * Names derived from a schema's path, `schemas/<producer>/<event-kebab>.v<N>.avsc`.
 * The path is the single source of the topic name, the TypeScript names and the
 * expected Avro name and namespace, so none of them can drift apart.
 */

const SCHEMA_PATH = /^schemas\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.v([1-9][0-9]*)\.avsc$/;

/**
 * Avro namespaces cannot contain '-', so a hyphenated producer needs a short name here;
 * codegen refuses a hyphenated producer that is missing from this table.
 */
const NAMESPACE_SEGMENT_BY_PRODUCER: Readonly<Record<string, string>> = {
  'fraud-detection': 'fraud',
};

export interface SchemaName {
  /** Repository-relative path with forward slashes, e.g. `schemas/orders/order-placed.v1.avsc`. */
  readonly file: string;
  /** Directory under `schemas/`: the service that produces the event. */
  readonly producer: string;
  /** Event name in kebab case, e.g. `order-placed`. */
  readonly event: string;
  /** Major version from the file name; a breaking change is a new version, hence a new topic. */
  readonly version: number;
  /** Kafka topic, e.g. `orders.order-placed.v1`. */
  readonly topic: string;
  /** TypeScript constant holding the topic, e.g. `ORDER_PLACED_V1`. */
  readonly topicConst: string;
  /** Avro record name the schema must declare, e.g. `OrderPlaced`. */
  readonly recordName: string;
  /** Avro namespace the schema must declare, e.g. `surge.orders`. */
  readonly namespace: string;
  /** Suffix appended to every TypeScript name the schema defines, e.g. `V1`. */
  readonly typeSuffix: string;
  /** Generated module file name without directory, e.g. `order-placed.v1.ts`. */
  readonly moduleFile: string;
}

export function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function screamingSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase();
}

export function namespaceFor(producer: string): string {
  const segment = NAMESPACE_SEGMENT_BY_PRODUCER[producer] ?? producer;
  if (segment.includes('-')) {
    throw new Error(
      `producer directory '${producer}' contains '-', which an Avro namespace cannot: add it to NAMESPACE_SEGMENT_BY_PRODUCER in tools/codegen/src/naming.ts`,
    );
  }
  return `surge.${segment}`;
}

export function parseSchemaPath(file: string): SchemaName {
  const match = SCHEMA_PATH.exec(file);
  if (!match) {
    throw new Error(
      `${file}: schema files must be named schemas/<producer>/<event-kebab>.v<N>.avsc (lowercase kebab case, N >= 1)`,
    );
  }
  const [, producer, event, versionText] = match as unknown as [string, string, string, string];
  const version = Number(versionText);
  const typeSuffix = `V${version}`;
  return {
    file,
    producer,
    event,
    version,
    topic: `${producer}.${event}.v${version}`,
    topicConst: `${screamingSnakeCase(event)}_${typeSuffix}`,
    recordName: pascalCase(event),
    namespace: namespaceFor(producer),
    typeSuffix,
    moduleFile: `${event}.v${version}.ts`,
  };
}
