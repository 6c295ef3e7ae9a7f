import { Controller, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ORDER_PLACED_V1 } from '@surge/contracts';
import { eventually, testInfra, unique } from '@surge/testing';
import type { Kafka } from 'kafkajs';
import { retryThenDeadLetter } from './consuming/failure-policy';
import { deadLetterTopic, retryTopic } from './headers';
import { KafkaEventsTransport } from './consuming/kafka-events.transport';
import { MessagingHealth } from './operations/messaging.health';
import { MessagingLifecycle, MessagingModule } from './messaging.module';
import { OnEvent } from './consuming/on-event.decorator';
import { KAFKA } from './tokens';

const GROUP = unique('it-module');

@Controller()
class WithRetryTiers {
  @OnEvent(ORDER_PLACED_V1, { group: GROUP, onFailure: retryThenDeadLetter({ retryTopics: [1_000, 5_000] }) })
  async handle(): Promise<void> {}
}

describe('MessagingModule with a subscription that has retry tiers', () => {
  let app: INestApplication;

  beforeAll(async () => {
    @Module({
      imports: [
        MessagingModule.forRoot({
          service: 'inventory',
          brokers: testInfra.kafkaBrokers(),
          registryUrl: testInfra.registryUrl(),
        }),
      ],
      controllers: [WithRetryTiers],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    app.connectMicroservice({ strategy: app.get(KafkaEventsTransport) }, { inheritAppConfig: false });
    await app.get(MessagingLifecycle).prepare();
    await app.startAllMicroservices();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('creates the retry topics, runs a consumer per tier, and is ready once every one has joined', async () => {
    const admin = app.get<Kafka>(KAFKA).admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toEqual(
        expect.arrayContaining([deadLetterTopic(GROUP), retryTopic(GROUP, 1), retryTopic(GROUP, 2)]) as string[],
      );
    } finally {
      await admin.disconnect();
    }
    expect(app.get(KafkaEventsTransport).groups.map((consumer) => consumer.group)).toEqual([
      GROUP,
      `${GROUP}.retry-1`,
      `${GROUP}.retry-2`,
    ]);
    await eventually(() => expect(app.get(MessagingHealth).consumers()).toEqual({ up: true, detail: '3 group(s)' }), {
      timeoutMs: 30_000,
      description: 'every group joined',
    });
  });
});
