import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

/**
 * Creates the topics that do not exist yet; existing topics are left as they
 * are (partition counts only grow through an explicit operation).
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  replicationFactor: number,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = specs
    .filter((spec) => !existing.has(spec.topic))
    .map((spec) => ({ topic: spec.topic, numPartitions: spec.partitions, replicationFactor }));
  if (missing.length === 0) return;
  // createTopics answers false (not an error) when another instance won the race.
  await admin.createTopics({ topics: missing, waitForLeaders: true });
}
