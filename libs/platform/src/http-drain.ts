import type { Server, ServerResponse } from 'node:http';
import { type BeforeApplicationShutdown, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** After this long, connections still open at shutdown are cut. */
export const HTTP_DRAIN_TIMEOUT_MS = 10_000;

/**
 * Graceful HTTP shutdown under load. Clients keep connections alive and keep
 * sending on them, so a plain `server.close()` waits for ever while traffic
 * flows. On SIGTERM this stops accepting connections, answers every request
 * still arriving with `Connection: close` (the client reconnects elsewhere),
 * closes idle connections, and cuts what is left after a deadline. Readiness
 * reports the drain, so a load balancer stops routing here. Runs before the
 * consumers and the database are closed, so requests in flight complete.
 */
@Injectable()
export class HttpDrain implements NestMiddleware, BeforeApplicationShutdown {
  private readonly log = new Logger(HttpDrain.name);
  private draining = false;
  /** Responses not yet finished: those still to send their headers are told to close too. */
  private readonly inFlight = new Set<ServerResponse>();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  get isDraining(): boolean {
    return this.draining;
  }

  use(_request: unknown, response: ServerResponse, next: () => void): void {
    if (this.draining) {
      response.setHeader('Connection', 'close');
    } else {
      this.inFlight.add(response);
      response.once('close', () => this.inFlight.delete(response));
    }
    next();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    for (const response of this.inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    const started = Date.now();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = setTimeout(() => {
      this.log.warn(`connections still open after ${HTTP_DRAIN_TIMEOUT_MS} ms; closing them`);
      server.closeAllConnections();
    }, HTTP_DRAIN_TIMEOUT_MS);
    await closed;
    clearTimeout(deadline);
    this.log.log(`HTTP drained in ${Date.now() - started} ms`);
  }
}
