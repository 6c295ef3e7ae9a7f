import type { DeadLetterView } from '@surge/contracts';

export interface GroupDeadLetters {
  readonly group: string;
  /** Oldest first, as the service lists them. */
  readonly deadLetters: readonly DeadLetterView[];
}

/** A service's dead letters per consumer group, groups by name. */
export function groupDeadLetters(deadLetters: readonly DeadLetterView[]): GroupDeadLetters[] {
  const byGroup = new Map<string, DeadLetterView[]>();
  for (const deadLetter of deadLetters) {
    const list = byGroup.get(deadLetter.group) ?? [];
    list.push(deadLetter);
    byGroup.set(deadLetter.group, list);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, list]) => ({ group, deadLetters: list }));
}
