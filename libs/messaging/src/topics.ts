import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

const ATTEMPTS = 6;

/**
 * Creates the topics that do not exist yet; existing topics are left as they
 * are (partition counts only grow through an explicit operation).
 *
 * Several services start at once on a fresh broker and race to create the
 * same topics; the losers see transient metadata errors
 * (UNKNOWN_TOPIC_OR_PARTITION while the winner's topic propagates). Those are
 * retried with backoff, looking again at what exists.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  replicationFactor: number,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await createMissing(admin, specs, replicationFactor);
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetriable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

async function createMissing(admin: Admin, specs: readonly TopicSpec[], replicationFactor: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = specs
    .filter((spec) => !existing.has(spec.topic))
    .map((spec) => ({ topic: spec.topic, numPartitions: spec.partitions, replicationFactor }));
  if (missing.length === 0) return;
  // createTopics answers false (not an error) when another instance won the race.
  await admin.createTopics({ topics: missing, waitForLeaders: true });
}

/** kafkajs marks transient protocol errors `retriable`; aggregate errors hold them in `errors`. */
function isRetriable(error: unknown): boolean {
  const { retriable, errors } = error as { retriable?: boolean; errors?: unknown[] };
  return retriable === true || (Array.isArray(errors) && errors.length > 0 && errors.every(isRetriable));
}
