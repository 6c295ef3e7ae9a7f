import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { KafkaEventsTransport, MessagingLifecycle } from '@surge/messaging';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { ServiceConfig } from './config';
import { SERVICE_CONFIG } from './tokens';

/** Request bodies above this get 413 (docs/DESIGN.md: "Bodies over 1 MiB get 413"). */
const MAX_BODY = '1mb';

/**
 * Creates the service's app: HTTP, the Kafka transport for its `@OnEvent`
 * handlers, graceful shutdown on SIGTERM/SIGINT. Does not listen yet.
 */
export async function createServiceApp(module: Type<unknown> | DynamicModule): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: MAX_BODY });
  app.useBodyParser('urlencoded', { limit: MAX_BODY, extended: false });
  // process.exit(0) once the hooks ran, rather than Nest re-raising the signal: 'exit' then fires, and the logger's
  // buffered lines (the drain's among them) are written before the process ends.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  serveOpenApi(app);
  app.connectMicroservice({ strategy: app.get(KafkaEventsTransport) }, { inheritAppConfig: false });
  await app.get(MessagingLifecycle).prepare();
  await app.startAllMicroservices();
  return app;
}

/** The OpenAPI document at /docs-json and a page at /docs. */
function serveOpenApi(app: INestApplication): void {
  const config = app.get<{ SERVICE_NAME: string }>(SERVICE_CONFIG);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Surge ${config.SERVICE_NAME}`)
      .setDescription(`The public REST API of the ${config.SERVICE_NAME} service`)
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

export async function startService(
  module: Type<unknown> | DynamicModule,
  config: ServiceConfig,
): Promise<INestApplication> {
  const app = await createServiceApp(module);
  await app.listen(config.PORT, config.HOST);
  app.get(Logger).log(`${config.SERVICE_NAME} listening on http://${config.HOST}:${config.PORT}`);
  return app;
}
