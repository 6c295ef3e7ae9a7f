import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { SCHEMAS_BY_TOPIC, type EventsByTopic, type Topic } from '@surge/contracts';
import * as avro from 'avsc';
import { DependencyUnavailableError, UndecodableEventError } from './errors';

const MAGIC_BYTE = 0;
const HEADER_LENGTH = 5; // magic byte + 4-byte big-endian schema id

/** Subject naming: Confluent's TopicNameStrategy. */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

interface ResponseLike {
  status?: number;
}

/**
 * Avro (de)serialization in the Confluent wire format through a
 * Confluent-API schema registry. Writer schema ids are registered (or looked
 * up) once per topic and cached; reader types and resolvers are built once
 * per writer schema id.
 */
export class AvroCodec {
  private readonly writerIds = new Map<Topic, Promise<number>>();
  private readonly readerTypes = new Map<Topic, avro.Type>();
  private readonly resolvers = new Map<string, Promise<{ reader: avro.Type; resolver: avro.Resolver | undefined }>>();

  constructor(readonly registry: SchemaRegistry) {}

  static connect(registryUrl: string): AvroCodec {
    return new AvroCodec(new SchemaRegistry({ host: registryUrl, retry: { retries: 2 } }));
  }

  /** Registers the schema of every topic given (idempotent: an identical schema keeps its id). */
  async registerAll(topics: readonly Topic[]): Promise<void> {
    await Promise.all(topics.map((topic) => this.writerId(topic)));
  }

  writerId(topic: Topic): Promise<number> {
    let id = this.writerIds.get(topic);
    if (!id) {
      id = this.registry
        .register(
          { type: SchemaType.AVRO, schema: JSON.stringify(SCHEMAS_BY_TOPIC[topic]) },
          { subject: valueSubject(topic) },
        )
        .then((registered) => registered.id);
      // A failed registration (registry down) must be tried again next time.
      id.catch(() => this.writerIds.delete(topic));
      this.writerIds.set(topic, id);
    }
    return id;
  }

  async encode<T extends Topic>(topic: T, event: EventsByTopic[T]): Promise<Buffer> {
    const id = await this.writerId(topic);
    const payload = this.readerType(topic).toBuffer(event);
    const header = Buffer.alloc(HEADER_LENGTH);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, payload]);
  }

  /**
   * Decodes bytes written with any registered schema of the topic into the
   * shape of this build's schema (Avro schema resolution). Throws
   * UndecodableEventError when no retry can help,
   * DependencyUnavailableError when the registry could not be asked.
   */
  async decode<T extends Topic>(topic: T, bytes: Buffer | null): Promise<EventsByTopic[T]> {
    if (!bytes || bytes.length < HEADER_LENGTH || bytes.readUInt8(0) !== MAGIC_BYTE) {
      throw new UndecodableEventError('not a Confluent-framed Avro message (missing magic byte or schema id)');
    }
    const writerId = bytes.readInt32BE(1);
    const { reader, resolver } = await this.resolverFor(topic, writerId);
    try {
      return reader.fromBuffer(bytes.subarray(HEADER_LENGTH), resolver) as EventsByTopic[T];
    } catch (error) {
      throw new UndecodableEventError(`payload does not match schema id ${writerId}`, { cause: error });
    }
  }

  private readerType(topic: Topic): avro.Type {
    let type = this.readerTypes.get(topic);
    if (!type) {
      type = avro.Type.forSchema(SCHEMAS_BY_TOPIC[topic] as avro.Schema);
      this.readerTypes.set(topic, type);
    }
    return type;
  }

  private resolverFor(topic: Topic, writerId: number) {
    const cacheKey = `${topic}:${writerId}`;
    let entry = this.resolvers.get(cacheKey);
    if (!entry) {
      entry = this.loadResolver(topic, writerId);
      entry.catch(() => this.resolvers.delete(cacheKey));
      this.resolvers.set(cacheKey, entry);
    }
    return entry;
  }

  private async loadResolver(topic: Topic, writerId: number) {
    let writer: avro.Type;
    try {
      // The client caches schemas by id and returns them parsed by avsc.
      writer = (await this.registry.getSchema(writerId)) as avro.Type;
    } catch (error) {
      const status = (error as ResponseLike).status;
      // 404: no such schema id. Anything else (including mappersmith's 400 for
      // a network failure) may pass, so it is worth retrying.
      if (status === 404) {
        throw new UndecodableEventError(`unknown schema id ${writerId}`, { cause: error });
      }
      throw new DependencyUnavailableError(`schema registry unavailable while resolving schema id ${writerId}`, {
        cause: error,
      });
    }
    const reader = this.readerType(topic);
    if (writer.equals(reader)) return { reader, resolver: undefined };
    try {
      return { reader, resolver: reader.createResolver(writer) };
    } catch (error) {
      throw new UndecodableEventError(`schema id ${writerId} cannot be read as ${topic}`, { cause: error });
    }
  }
}
