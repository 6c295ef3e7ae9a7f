/** One entry of a service's GET /dead-letters. */
export interface DeadLetter {
  /** `<dead-letter topic>:<partition>:<offset>`. */
  readonly ref: string;
  readonly group: string;
  /** The topic the message was consumed from. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly eventType: string | null;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
  /** The dead letter this one is a replay of, when a replayed message failed again. */
  readonly replayedFrom: string | null;
  /** The decoded event; null when it could not be decoded (payloadError says why). */
  readonly payload: unknown;
  readonly payloadError: string | null;
  readonly headers: Readonly<Record<string, unknown>>;
}

export interface GroupDeadLetters {
  readonly group: string;
  /** Oldest first, as the service lists them. */
  readonly deadLetters: readonly DeadLetter[];
}

/** A service's dead letters per consumer group, groups by name. */
export function groupDeadLetters(deadLetters: readonly DeadLetter[]): GroupDeadLetters[] {
  const byGroup = new Map<string, DeadLetter[]>();
  for (const deadLetter of deadLetters) {
    const list = byGroup.get(deadLetter.group) ?? [];
    list.push(deadLetter);
    byGroup.set(deadLetter.group, list);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, list]) => ({ group, deadLetters: list }));
}
