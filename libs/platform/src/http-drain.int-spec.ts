import { Agent, type IncomingMessage, type Server, type ServerResponse, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpAdapterHost } from '@nestjs/core';
import { HttpDrain } from './http-drain';

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
}

/**
 * The drain on a real HTTP server and real kept-alive sockets (Node's own
 * client: fetch hides the Connection header), with a handler the test holds
 * open, so that a request is in flight when SIGTERM's drain begins.
 */
describe('the HTTP drain at shutdown', () => {
  let server: Server;
  let drain: HttpDrain;
  let url: string;
  let release: () => void = () => undefined;
  let arrived: () => void = () => undefined;

  beforeEach(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      drain.use(request, response, () => {
        if (request.url === '/slow') {
          arrived();
          void new Promise<void>((resolve) => (release = resolve)).then(() => response.end('slow'));
        } else {
          response.end('fast');
        }
      });
    });
    drain = new HttpDrain({ httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  const call = (agent: Agent, path: string) =>
    new Promise<Answer>((resolve, reject) => {
      get(`${url}${path}`, { agent }, (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
        );
      }).on('error', reject);
    });

  it('lets the request in flight finish, telling its client to close, then stops', async () => {
    const agent = new Agent({ keepAlive: true });
    expect(await call(agent, '/fast')).toEqual({ status: 200, connection: 'keep-alive' });
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const slow = call(agent, '/slow');
    await inFlight;

    const drained = drain.beforeApplicationShutdown();
    expect(drain.isDraining).toBe(true);
    release();

    expect(await slow).toEqual({ status: 200, connection: 'close' });
    await drained;
    expect(server.listening).toBe(false);
    await expect(call(new Agent(), '/fast')).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  it('closes idle kept-alive connections at once instead of waiting for their clients', async () => {
    const agent = new Agent({ keepAlive: true });
    await call(agent, '/fast');
    const open = () => new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));
    expect(await open()).toBe(1);

    await drain.beforeApplicationShutdown();

    expect(await open()).toBe(0);
    agent.destroy();
  });
});
