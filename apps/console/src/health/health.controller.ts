import { Controller, Get } from '@nestjs/common';
import { SERVICES, type ServiceName } from '@surge/contracts';
import { ServiceUnavailableError, Upstream } from '../upstream/upstream';

export interface ServiceStatus {
  readonly service: ServiceName;
  readonly url: string;
  /** ready: GET /health/ready answered 200; not-ready: 503; unreachable: no answer. */
  readonly status: 'ready' | 'not-ready' | 'unreachable';
  readonly message?: string;
}

@Controller()
export class HealthController {
  constructor(private readonly upstream: Upstream) {}

  /** The console runs; it does not depend on the services to be live. */
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Each service's readiness, for the header. */
  @Get('api/services')
  async services(): Promise<ServiceStatus[]> {
    return Promise.all(
      SERVICES.map(async (service): Promise<ServiceStatus> => {
        const url = this.upstream.url(service);
        try {
          const answer = await this.upstream.get(service, '/health/ready');
          if (answer.status === 200) return { service, url, status: 'ready' };
          return { service, url, status: 'not-ready', message: `GET /health/ready answered ${answer.status}` };
        } catch (error: unknown) {
          if (!(error instanceof ServiceUnavailableError)) throw error;
          if (error.status === 503) return { service, url, status: 'not-ready', message: downDependencies(error.body) };
          return { service, url, status: 'unreachable', message: error.message };
        }
      }),
    );
  }
}

/** Terminus answers 503 with `{ error: { database: { status: 'down', detail } } }`: what is down, and why. */
function downDependencies(body: unknown): string {
  const failing = (body as { error?: Record<string, { detail?: unknown }> } | undefined)?.error;
  if (!failing || typeof failing !== 'object') return 'GET /health/ready answered 503';
  const parts = Object.entries(failing).map(([name, value]) =>
    typeof value?.detail === 'string' ? `${name}: ${value.detail}` : name,
  );
  return `not ready: ${parts.join('; ')}`;
}
