import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type DeadLetterReplayed, type DeadLetterView, type PartitionLag, type Topic, TOPICS } from '@surge/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { AvroCodec } from '../avro-codec';
import { KafkaEventsTransport } from '../consuming/kafka-events.transport';
import { describeError } from '../errors';
import { HEADER, REPLAYED_FROM_HEADER, retryTopic } from '../headers';
import { replayDeadLetters } from '../producing/topic-writes';
import { KAFKA } from '../tokens';
import type { DeadLetter } from '../types';
import { readDeadLetters } from './dead-letters';

/**
 * What an operator asks the messaging layer of one service: its groups' dead
 * letters (to inspect and replay) and its groups' consumer lag. Only this
 * service's own groups: each service answers for what it consumes.
 */
@Injectable()
export class MessagingOperations implements OnApplicationShutdown {
  private admin: Promise<Admin> | undefined;
  private closed = false;
  /** One read of the dead-letter topics at a time, shared by the callers that ask meanwhile. */
  private reading: Promise<DeadLetterView[]> | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly codec: AvroCodec,
    private readonly transport: KafkaEventsTransport,
  ) {}

  /** The consumer groups whose dead letters this service owns (retry tiers park theirs in the same topic). */
  private sourceGroups(): string[] {
    return [...new Set(this.transport.subscriptions().map((s) => s.group))].sort();
  }

  /** Every consumer group this service runs, with the topics each reads. */
  private consumedTopics(): Map<string, string[]> {
    const topics = new Map<string, Set<string>>();
    const add = (group: string, topic: string) => topics.set(group, (topics.get(group) ?? new Set()).add(topic));
    for (const { group, topic, policy } of this.transport.subscriptions()) {
      add(group, topic);
      policy.retryTopics.forEach((_, index) => add(retryTopic(group, index + 1), retryTopic(group, index + 1)));
    }
    return new Map([...topics].sort(([a], [b]) => a.localeCompare(b)).map(([group, set]) => [group, [...set].sort()]));
  }

  /** Oldest first. Callers that ask while a read runs share it: each read joins a throw-away consumer group. */
  deadLetters(): Promise<DeadLetterView[]> {
    this.reading ??= readDeadLetters(this.kafka, { groups: this.sourceGroups() })
      .then((letters) => Promise.all(letters.map((letter) => this.view(letter))))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Sends one dead letter back to the topic it came from; undefined when this service has no such dead letter. */
  async replay(ref: string): Promise<DeadLetterReplayed | undefined> {
    const group = this.sourceGroups().find((g) => ref.startsWith(`${g}.dead-letter:`));
    if (!group) return undefined;
    const letter = (await readDeadLetters(this.kafka, { groups: [group] })).find((l) => l.ref === ref);
    if (!letter) return undefined;
    await replayDeadLetters(this.kafka, [letter]);
    return { ref, replayedTo: letter.original.topic };
  }

  /** Per group and partition, for every group of this service (retry tiers included). */
  async consumerLag(): Promise<PartitionLag[]> {
    const connecting = this.connectedAdmin();
    const admin = await connecting;
    try {
      const groups = this.consumedTopics();
      const topics = [...new Set([...groups.values()].flat())];
      const ends = new Map<string, { high: string; low: string }>();
      await Promise.all(
        topics.map(async (topic) => {
          for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
            ends.set(`${topic}:${partition}`, { high, low });
          }
        }),
      );
      const perGroup = await Promise.all(
        [...groups].map(async ([group, groupTopics]) => {
          const committed = await admin.fetchOffsets({ groupId: group, topics: groupTopics });
          return committed.flatMap(({ topic, partitions }) =>
            partitions.map(({ partition, offset }): PartitionLag => {
              const end = ends.get(`${topic}:${partition}`) ?? { high: '0', low: '0' };
              const hasCommitted = offset !== '-1' && offset !== '';
              const from = hasCommitted ? offset : end.low;
              return {
                group,
                topic,
                partition,
                committedOffset: hasCommitted ? offset : null,
                endOffset: end.high,
                lag: Math.max(0, Number(BigInt(end.high) - BigInt(from))),
              };
            }),
          );
        }),
      );
      return perGroup.flat().sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    } catch (error) {
      this.dropAdmin(connecting);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  /** One admin client, connected on first use and shared; a failed one is replaced on the next call. */
  private connectedAdmin(): Promise<Admin> {
    if (this.closed) return Promise.reject(new Error('the service is shutting down'));
    if (!this.admin) {
      const connecting = (async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        return admin;
      })();
      connecting.catch(() => this.dropAdmin(connecting));
      this.admin = connecting;
    }
    return this.admin;
  }

  /** Forgets and disconnects `failed`, unless another caller already replaced it. */
  private dropAdmin(failed: Promise<Admin>): void {
    if (this.admin === failed) this.admin = undefined;
    void failed.then((a) => a.disconnect()).catch(() => undefined);
  }

  private async view(letter: DeadLetter): Promise<DeadLetterView> {
    const topic = letter.original.topic;
    let payload: unknown = null;
    let payloadError: string | null = null;
    if ((TOPICS as readonly string[]).includes(topic)) {
      try {
        payload = await this.codec.decode(topic as Topic, letter.value);
      } catch (error) {
        payloadError = describeError(error);
      }
    } else {
      payloadError = `no schema for topic ${topic}`;
    }
    return {
      ref: letter.ref,
      group: letter.group,
      topic,
      partition: letter.original.partition,
      offset: letter.original.offset,
      key: letter.key,
      eventType: letter.headers[HEADER.eventType] ?? null,
      error: letter.error,
      attempts: letter.attempts,
      failedAt: letter.failedAt.toISOString(),
      replayedFrom: letter.headers[REPLAYED_FROM_HEADER] ?? null,
      payload,
      payloadError,
      headers: letter.headers,
    };
  }
}
