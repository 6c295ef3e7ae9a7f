import { Agent, get } from 'node:http';
import { startServiceApp } from '@surge/testing';
import { AppModule } from './app.module';

/**
 * SIGTERM while clients keep sending on kept-alive connections: the service
 * tells them to close, stops taking connections, and finishes shutting down
 * while the traffic still flows (it would otherwise wait for the clients).
 */
describe('inventory shutting down under load', () => {
  it('answers with Connection: close, reports not ready, and closes while requests keep coming', async () => {
    const service = await startServiceApp('inventory', AppModule);
    const seen = { closeHeaders: 0, notReady: 0, answered: 0 };
    let closed = false;
    // Node's own client: fetch hides the Connection header.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const ready = () =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        get(`${service.url}/health/ready`, { agent }, (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
          );
        }).on('error', reject);
      });
    const client = async () => {
      while (!closed) {
        try {
          const { status, connection } = await ready();
          seen.answered++;
          if (connection === 'close') seen.closeHeaders++;
          if (status === 503) seen.notReady++;
        } catch {
          // Refused once the server stopped listening: the client would go to another instance.
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    while (seen.answered < 20) await new Promise((resolve) => setImmediate(resolve));

    await service.close();
    closed = true;
    await Promise.all(clients);
    agent.destroy();

    expect(seen.closeHeaders).toBeGreaterThan(0);
    expect(seen.notReady).toBeGreaterThan(0);
  });
});
