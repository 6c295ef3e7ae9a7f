import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { describeError } from '../errors';
import { KafkaEventsTransport } from '../consuming/kafka-events.transport';
import { KAFKA, MESSAGING_OPTIONS, type MessagingOptions } from '../tokens';

export interface DependencyStatus {
  readonly up: boolean;
  readonly detail?: string;
}

const CHECK_TIMEOUT_MS = 2_000;

/** Readiness of the broker, the registry and this service's consumers. */
@Injectable()
export class MessagingHealth implements OnApplicationShutdown {
  private admin: Admin | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly transport: KafkaEventsTransport,
  ) {}

  async broker(): Promise<DependencyStatus> {
    try {
      this.admin ??= this.kafka.admin();
      await withTimeout(this.admin.connect(), CHECK_TIMEOUT_MS);
      const cluster = await withTimeout(this.admin.describeCluster(), CHECK_TIMEOUT_MS);
      return { up: cluster.brokers.length > 0, detail: `${cluster.brokers.length} broker(s)` };
    } catch (error) {
      const admin = this.admin;
      this.admin = undefined;
      void admin?.disconnect().catch(() => undefined);
      return { up: false, detail: describeError(error) };
    }
  }

  async registry(): Promise<DependencyStatus> {
    try {
      const response = await fetch(`${this.options.registryUrl}/subjects`, {
        signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      });
      return response.ok ? { up: true } : { up: false, detail: `HTTP ${response.status}` };
    } catch (error) {
      return { up: false, detail: describeError(error) };
    }
  }

  /** Up when every group has joined and consumes: none crashed, restarting or waiting for a dependency. */
  consumers(): DependencyStatus {
    const groups = this.transport.groups;
    const down = groups.flatMap((group) => {
      const status = group.status;
      return status.up ? [] : [`${group.group}: ${status.detail ?? 'down'}`];
    });
    if (down.length === 0) return { up: true, detail: `${groups.length} group(s)` };
    return { up: false, detail: down.join('; ') };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
