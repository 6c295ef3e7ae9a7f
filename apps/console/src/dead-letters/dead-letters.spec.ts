import type { DeadLetterView } from '@surge/contracts';
import { groupDeadLetters } from './dead-letters';

const deadLetter = (group: string, offset: number): DeadLetterView => ({
  ref: `${group}.dead-letter:0:${offset}`,
  group,
  topic: 'orders.order-placed.v1',
  partition: 2,
  offset: String(offset + 100),
  key: 'order-1',
  eventType: null,
  error: 'not Avro',
  attempts: 1,
  failedAt: '2026-01-01T12:00:00.000Z',
  replayedFrom: null,
  payload: null,
  payloadError: 'not Confluent-framed Avro',
  headers: {},
});

describe('groupDeadLetters', () => {
  it('lists each group once, keeping its dead letters oldest first', () => {
    const groups = groupDeadLetters([
      deadLetter('inventory', 0),
      deadLetter('fraud-detection', 0),
      deadLetter('inventory', 1),
    ]);

    expect(groups.map((g) => [g.group, g.deadLetters.map((d) => d.ref)])).toEqual([
      ['fraud-detection', ['fraud-detection.dead-letter:0:0']],
      ['inventory', ['inventory.dead-letter:0:0', 'inventory.dead-letter:0:1']],
    ]);
  });
});
