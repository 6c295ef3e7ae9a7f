import { randomUUID } from 'node:crypto';

/** A name no other test (nor an earlier run against the same broker) uses: topics, groups, skus, customers. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
