import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import {
  currentEventContext,
  EventPublisher,
  KafkaEventsTransport,
  MessagingModule,
  MessagingOperations,
} from '@surge/messaging';
import { topicsProducedBy } from '@surge/contracts';
import {
  createDatabasePool,
  isDatabaseUnavailable,
  OutboxRelay,
  SqlDatabase,
  type TransactionalClient,
  TransactionRunner,
} from '@surge/persistence';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ServiceConfig } from './config';
import { HealthController } from './health.controller';
import { HttpDrain } from './http-drain';
import { HttpErrorsFilter } from './http-errors.filter';
import { HttpMetricsMiddleware, Metrics, MetricsController } from './metrics';
import { OperationsController } from './operations.controller';
import { activeTraceIds, HttpTracingMiddleware, Tracing } from './tracing';
import { requestValidationPipe } from './validation';
import { DATABASE, DATABASE_POOL, SERVICE_CONFIG } from './tokens';

/** Request header carrying the correlation id that ends up in every event of the saga. */
export const CORRELATION_HEADER = 'x-correlation-id';

export interface ServiceModuleOptions {
  readonly config: ServiceConfig;
  /**
   * Builds the service's own Prisma client over its connection pool (which the client ends on $disconnect). The
   * transaction runner and the outbox relay use the same pool through SqlDatabase.
   */
  readonly database: (pool: Pool) => TransactionalClient;
}

/**
 * Points the scrape-time gauges at the consumers' lag and the outbox, once
 * both exist, and starts the counters of this service's topics at 0.
 */
@Injectable()
class MetricsSourcesLifecycle implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: Metrics,
    private readonly operations: MessagingOperations,
    private readonly relay: OutboxRelay,
    private readonly transport: KafkaEventsTransport,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.startAtZero(
      this.transport.subscriptions().map(({ contract, group, policy }) => ({
        topic: contract,
        group,
        retryTiers: policy.retryTopics.length,
      })),
      topicsProducedBy(this.config.SERVICE_NAME),
    );
    this.metrics.observe({
      consumerLag: () => this.operations.consumerLag(),
      outboxBacklog: () => this.relay.backlogStats(),
    });
  }
}

/** Starts the outbox relay once the app is up and stops it (after its batch) on shutdown. */
@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    @Inject(DATABASE) private readonly db: TransactionalClient,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.db.$disconnect();
  }
}

/**
 * Everything a Surge service stands on: validated config, JSON logs,
 * messaging, its database with outbox relay and transaction runner, and the
 * health endpoints.
 */
@Module({})
export class ServiceModule implements NestModule {
  constructor(private readonly drain: HttpDrain) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpTracingMiddleware).forRoutes('*');
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
    consumer
      .apply((request: unknown, response: ServerResponse, next: () => void) => this.drain.use(request, response, next))
      .forRoutes('*');
  }

  static forRoot({ config, database }: ServiceModuleOptions): DynamicModule {
    // Made here, not by DI: the messaging module needs them while it is being built.
    const metrics = new Metrics({ service: config.SERVICE_NAME });
    const tracing = new Tracing(config);
    return {
      module: ServiceModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.LOG_LEVEL,
              // Every line written while handling events names their order and correlation ids, and every line
              // written on behalf of a request or an event its trace and span ids.
              mixin: () => ({ ...currentEventContext(), ...activeTraceIds() }),
              // A request's correlation id comes from the caller or is made here, and is echoed back.
              genReqId: (req, res) => {
                const given = req.headers[CORRELATION_HEADER];
                const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
                res.setHeader(CORRELATION_HEADER, id);
                return id;
              },
              customProps: (req) => ({ correlationId: req.id }),
              base: { service: config.SERVICE_NAME },
              messageKey: 'msg',
              // A request's line names what was asked and how it ended, not every header (a flash sale writes one
              // per order; headers would be most of the log's bytes and CPU, and carry credentials).
              serializers: {
                req: (req: { id: unknown; method: string; url: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
            },
            // Buffered writes to stdout: lines written while a write is in flight go out together, in order.
            // Whatever is buffered is flushed synchronously on 'exit' (bootstrap.ts ends a shutdown with process.exit).
            pino.destination({ dest: 1, sync: false }),
          ],
        }),
        TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }),
        MessagingModule.forRoot({
          service: config.SERVICE_NAME,
          brokers: config.KAFKA_BROKERS,
          registryUrl: config.SCHEMA_REGISTRY_URL,
          replicationFactor: config.KAFKA_REPLICATION_FACTOR,
          partitionsConsumedConcurrently: config.KAFKA_CONSUMER_CONCURRENCY,
          metrics: metrics.messaging,
          tracer: tracing.tracer,
          // Handlers write to the service's database: its outage is waited out, never dead-lettered.
          isInfrastructureFailure: isDatabaseUnavailable,
        }),
      ],
      controllers: [HealthController, MetricsController, OperationsController],
      providers: [
        { provide: Metrics, useValue: metrics },
        { provide: Tracing, useValue: tracing },
        { provide: APP_PIPE, useFactory: requestValidationPipe },
        { provide: APP_FILTER, useClass: HttpErrorsFilter },
        { provide: SERVICE_CONFIG, useValue: config },
        {
          provide: DATABASE_POOL,
          useFactory: () => createDatabasePool(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
        },
        { provide: DATABASE, inject: [DATABASE_POOL], useFactory: (pool: Pool) => database(pool) },
        { provide: SqlDatabase, inject: [DATABASE_POOL], useFactory: (pool: Pool) => new SqlDatabase(pool) },
        {
          provide: OutboxRelay,
          inject: [SqlDatabase, EventPublisher],
          useFactory: (db: SqlDatabase, publisher: EventPublisher) => {
            const log = new Logger('OutboxRelay');
            return new OutboxRelay(db, publisher, {
              warn: (msg, context) => log.warn({ msg, ...context }),
              error: (msg, context) => log.error({ msg, ...context }),
            });
          },
        },
        {
          provide: TransactionRunner,
          inject: [SqlDatabase, OutboxRelay],
          useFactory: (db: SqlDatabase, relay: OutboxRelay) => new TransactionRunner(db, relay),
        },
        RelayLifecycle,
        MetricsSourcesLifecycle,
        HttpDrain,
      ],
      exports: [SERVICE_CONFIG, DATABASE, SqlDatabase, TransactionRunner, OutboxRelay, Metrics, Tracing],
    };
  }
}
