import type { ServiceName } from '@surge/contracts';
import { parseExposition, sampleValue } from '@surge/testing';
import { type RunningService, type ServiceAppModule, startServiceApp } from './service-app';

/**
 * What every Surge service promises over HTTP, whatever its domain: health
 * endpoints, JSON errors for malformed bodies, 413 above 1 MiB.
 */
export function describeServiceBasics(service: ServiceName, module: ServiceAppModule): void {
  describe(`the ${service} service over HTTP`, () => {
    let running: RunningService;

    beforeAll(async () => {
      running = await startServiceApp(service, module);
    });

    afterAll(async () => {
      await running?.close();
    });

    it("is live, and echoes the caller's correlation id", async () => {
      const response = await fetch(`${running.url}/health/live`, { headers: { 'x-correlation-id': 'corr-e2e-1' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-correlation-id')).toBe('corr-e2e-1');
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('is ready: its database, the broker and the registry are reachable', async () => {
      const response = await fetch(`${running.url}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, broker: { status: 'up' }, registry: { status: 'up' } },
      });
    });

    it('serves its OpenAPI document', async () => {
      const response = await fetch(`${running.url}/docs-json`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        openapi: expect.stringMatching(/^3\./) as string,
        info: { title: `Surge ${service}` },
      });
    });

    it('exposes Prometheus metrics, counting the requests it answered', async () => {
      await fetch(`${running.url}/health/live`);
      const response = await fetch(`${running.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const samples = parseExposition(await response.text());
      expect(
        sampleValue(samples, 'http_requests_total', { method: 'GET', route: '/health/live', status: '200', service }),
      ).toBeGreaterThanOrEqual(1);
    });

    it('answers an unknown route with a JSON 404', async () => {
      const response = await fetch(`${running.url}/no-such-thing`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('answers malformed JSON with 400 and a JSON error', async () => {
      const response = await fetch(`${running.url}/health/live`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"unterminated',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('refuses a body over 1 MiB with 413', async () => {
      const response = await fetch(`${running.url}/health/live`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ statusCode: 413 });
    });
  });
}
