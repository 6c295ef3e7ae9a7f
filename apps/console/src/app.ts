import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module';
import type { ConsoleConfig } from './console.config';
import { staticDir } from './static-files';
import { ServiceUnavailableFilter } from './upstream/service-unavailable.filter';

/**
 * Everything the page loads comes from this server: scripts, styles and data. The browser is
 * told so, so that nothing is fetched from anywhere else.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The console's app: /api/*, /health/live and the UI. Shuts down on SIGTERM/SIGINT. Does not listen yet. */
export async function createConsoleApp(config: ConsoleConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    logger: ['warn', 'error', 'fatal'],
    // Browsers keep their event-stream connections alive: at shutdown the streams are ended first
    // (OrdersFeed), then whatever connection is left is closed rather than waited for.
    forceCloseConnections: true,
  });
  // process.exit(0) once the hooks ran (open event streams are ended by then), as the services do.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  app.disable('x-powered-by');
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.useGlobalFilters(new ServiceUnavailableFilter());
  // The page and its modules are small and change with the code: always revalidated.
  app.useStaticAssets(staticDir(), { index: 'index.html', maxAge: 0 });
  return app;
}
