import { Inject, Injectable } from '@nestjs/common';
import type { ServiceName } from '@surge/contracts';
import type { ConsoleConfig } from '../console.config';
import { CONSOLE_CONFIG } from '../tokens';

/** A service's answer, whatever its status. */
export interface UpstreamAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** The service could not be asked: refused, timed out, or it answered 5xx or something that is not JSON. */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: ServiceName,
    message: string,
    /** The status it answered, when it answered. */
    readonly status?: number,
    options?: ErrorOptions & { body?: unknown },
  ) {
    super(`${service} is unavailable: ${message}`, options);
    this.body = options?.body;
  }

  /** The body of a 5xx answer. */
  readonly body: unknown;
}

/**
 * One section of a view that fans out across services: what the service said, that it has nothing
 * (404), or why it could not be asked. A view renders each section on its own, so one service
 * down leaves the others readable.
 */
export type Section<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'none'; readonly message: string }
  | { readonly status: 'unavailable'; readonly message: string };

/** The services' public REST APIs, as a client over HTTP. */
@Injectable()
export class Upstream {
  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  url(service: ServiceName): string {
    return this.config.serviceUrls[service];
  }

  /** Any status but 5xx is returned; 5xx, network failures and timeouts throw ServiceUnavailableError. */
  async call<T>(service: ServiceName, method: 'GET' | 'POST', path: string): Promise<UpstreamAnswer<T>> {
    const url = `${this.url(service)}${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error: unknown) {
      throw new ServiceUnavailableError(service, `${method} ${url} failed: ${describeFetchError(error)}`, undefined, {
        cause: error,
      });
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ServiceUnavailableError(
        service,
        `${method} ${url} answered ${response.status} with a non-JSON body`,
        response.status,
      );
    }
    if (response.status >= 500) {
      throw new ServiceUnavailableError(
        service,
        `${method} ${url} answered ${response.status}${messageOf(body) ? `: ${messageOf(body)}` : ''}`,
        response.status,
        { body },
      );
    }
    return { status: response.status, body: body as T, headers: response.headers };
  }

  get<T>(service: ServiceName, path: string): Promise<UpstreamAnswer<T>> {
    return this.call<T>(service, 'GET', path);
  }

  /**
   * GET as a section: 2xx is the value, 404 is "none" (with the service's message), anything else
   * (unavailable, an unexpected status) says why.
   */
  async section<T>(service: ServiceName, path: string): Promise<Section<T>> {
    try {
      const answer = await this.get<T>(service, path);
      if (answer.status >= 200 && answer.status < 300) return { status: 'ok', value: answer.body };
      if (answer.status === 404) return { status: 'none', message: messageOf(answer.body) ?? 'not found' };
      return {
        status: 'unavailable',
        message: `${service}: GET ${path} answered ${answer.status}${messageOf(answer.body) ? `: ${messageOf(answer.body)}` : ''}`,
      };
    } catch (error: unknown) {
      if (error instanceof ServiceUnavailableError) return { status: 'unavailable', message: error.message };
      throw error;
    }
  }
}

/** The `message` of a service's error body (`{ statusCode, error, message }`), if any. */
export function messageOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('message' in body)) return undefined;
  const { message } = body;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return undefined;
}

/** fetch hides the reason (ECONNREFUSED, a timeout) in `cause`. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error.message;
}
