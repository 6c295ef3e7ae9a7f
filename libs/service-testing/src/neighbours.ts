import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CATALOGUE_BY_TOPIC, type ServiceName } from '@surge/contracts';
import { EventPublisher, MessagingLifecycle, MessagingModule, type OutgoingEvent } from '@surge/messaging';
import { testInfra } from '@surge/testing';

/**
 * The services around the one under test, as far as it can tell: each publishes
 * from a MessagingModule context of its own, so it registers its topics' schemas
 * and sets its own producer header, as the real service would.
 */
export interface Neighbours {
  /** Publishes each event as the service that owns its topic (the catalogue's producer), one after another. */
  publish(...events: OutgoingEvent[]): Promise<void>;
  /** One neighbour's publisher, to send several events in one batch. */
  as(service: ServiceName): EventPublisher;
  close(): Promise<void>;
}

export async function startNeighbours(
  services: readonly ServiceName[],
  brokers: string[] = testInfra.kafkaBrokers(),
): Promise<Neighbours> {
  const contexts = new Map<ServiceName, INestApplicationContext>();
  try {
    for (const service of services) {
      const module = await Test.createTestingModule({
        imports: [MessagingModule.forRoot({ service, brokers, registryUrl: testInfra.registryUrl() })],
      }).compile();
      const context = await module.init();
      contexts.set(service, context);
      await context.get(MessagingLifecycle).prepare();
    }
  } catch (error) {
    await Promise.all([...contexts.values()].map((context) => context.close()));
    throw error;
  }
  const as = (service: ServiceName): EventPublisher => {
    const context = contexts.get(service);
    if (!context) throw new Error(`${service} is not one of the neighbours (${services.join(', ')})`);
    return context.get(EventPublisher);
  };
  return {
    as,
    async publish(...events) {
      for (const event of events) await as(CATALOGUE_BY_TOPIC[event.topic].producer).publish([event]);
    },
    async close() {
      await Promise.all([...contexts.values()].map((context) => context.close()));
    },
  };
}
