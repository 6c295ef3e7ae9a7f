import { ORDER_CANCELLED_V1, ORDER_PLACED_V1 } from '@surge/contracts';
import type { Subscription } from '../types';
import { retryTiersByGroup } from './retry-tiers';
import { retryThenDeadLetter } from './failure-policy';
import { topicSpecsFor } from '../messaging.module';

function subscription(group: string, topic: Subscription['contract'], retryTopics: number[]): Subscription {
  return { topic, contract: topic, group, policy: retryThenDeadLetter({ retryTopics }), handle: async () => undefined };
}

describe('retry tiers of a group', () => {
  it('are the tiers its subscriptions name; subscriptions without tiers share the group', () => {
    const tiers = retryTiersByGroup([
      subscription('inventory', ORDER_PLACED_V1, [5_000, 30_000]),
      subscription('inventory', ORDER_CANCELLED_V1, []),
      subscription('audit', ORDER_PLACED_V1, []),
    ]);
    expect(tiers).toEqual(new Map([['inventory', [5_000, 30_000]]]));
  });

  it('refuses two different sets of tiers in one group, naming it', () => {
    expect(() =>
      retryTiersByGroup([
        subscription('inventory', ORDER_PLACED_V1, [5_000]),
        subscription('inventory', ORDER_CANCELLED_V1, [1_000]),
      ]),
    ).toThrow(/group inventory has two sets of retry tiers/);
  });

  it('become topics <group>.retry-<n> next to the dead-letter topic', () => {
    const topics = topicSpecsFor(['inventory'], new Map([['inventory', [5_000, 30_000]]])).map((spec) => spec.topic);
    expect(topics).toEqual(
      expect.arrayContaining(['inventory.dead-letter', 'inventory.retry-1', 'inventory.retry-2']) as string[],
    );
    expect(topics.filter((topic) => topic.includes('.retry-'))).toHaveLength(2);
  });
});
