import type { PartitionLag } from '@surge/contracts';

export interface GroupLag {
  readonly group: string;
  readonly totalLag: number;
  readonly topics: readonly string[];
  /** By topic, then partition. */
  readonly partitions: readonly PartitionLag[];
}

/** Per consumer group, its total lag and its partitions: groups by name, the busiest partitions are not reordered. */
export function summariseLag(rows: readonly PartitionLag[]): GroupLag[] {
  const byGroup = new Map<string, PartitionLag[]>();
  for (const row of rows) {
    const partitions = byGroup.get(row.group) ?? [];
    partitions.push(row);
    byGroup.set(row.group, partitions);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, partitions]) => {
      const sorted = [...partitions].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      return {
        group,
        totalLag: sorted.reduce((sum, p) => sum + p.lag, 0),
        topics: [...new Set(sorted.map((p) => p.topic))],
        partitions: sorted,
      };
    });
}
