import { SERVICES, type ServiceName } from '@surge/contracts';
import type { Section, Upstream } from './upstream';

/** One service's part of a view over all five: its answer, or why there is none. */
export type ServicePart<T> = { readonly service: ServiceName; readonly url: string } & (
  { readonly status: 'ok'; readonly value: T } | { readonly status: 'none' | 'unavailable'; readonly message: string }
);

/** Asks every service at once; a service that fails only fails its own part. */
export async function fanOut<T, R>(
  upstream: Upstream,
  path: string,
  shape: (value: T) => R,
): Promise<ServicePart<R>[]> {
  return Promise.all(
    SERVICES.map(async (service): Promise<ServicePart<R>> => {
      const section: Section<T> = await upstream.section<T>(service, path);
      const url = upstream.url(service);
      if (section.status !== 'ok') return { service, url, ...section };
      try {
        return { service, url, status: 'ok', value: shape(section.value) };
      } catch (error: unknown) {
        const reason = error instanceof Error ? error.message : String(error);
        return {
          service,
          url,
          status: 'unavailable',
          message: `${service}: unexpected answer to GET ${path}: ${reason}`,
        };
      }
    }),
  );
}
