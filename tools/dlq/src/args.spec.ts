import { parseArgs, UsageError } from './args';

describe('dlq arguments', () => {
  it('lists with filters by group, original topic and time', () => {
    expect(
      parseArgs([
        'list',
        '--group',
        'inventory',
        '--group',
        'payments',
        '--topic',
        'orders.order-placed.v1',
        '--since',
        '2026-11-25T00:00:00Z',
      ]),
    ).toEqual({
      command: 'list',
      filter: {
        groups: ['inventory', 'payments'],
        originalTopic: 'orders.order-placed.v1',
        since: new Date('2026-11-25T00:00:00Z'),
        until: undefined,
      },
    });
  });

  it('inspects one dead letter by its ref', () => {
    expect(parseArgs(['inspect', 'inventory.dead-letter:0:12'])).toEqual({
      command: 'inspect',
      ref: 'inventory.dead-letter:0:12',
    });
  });

  it('replays chosen refs or everything a filter matches', () => {
    expect(parseArgs(['replay', '--ref', 'inventory.dead-letter:0:12'])).toMatchObject({
      command: 'replay',
      refs: ['inventory.dead-letter:0:12'],
    });
    expect(parseArgs(['replay', '--group', 'orders'])).toMatchObject({
      command: 'replay',
      refs: [],
      filter: { groups: ['orders'] },
    });
  });

  it('says what is wrong with a command line', () => {
    expect(() => parseArgs([])).toThrow(new UsageError('unknown command (none)'));
    expect(() => parseArgs(['inspect'])).toThrow(/one ref/);
    expect(() => parseArgs(['list', '--since', 'yesterday'])).toThrow(/--since yesterday: expected an ISO 8601 time/);
    expect(() => parseArgs(['list', '--group'])).toThrow(/--group needs a value/);
    expect(() => parseArgs(['list', '--ref', 'x:0:1'])).toThrow(/unknown option --ref/);
  });
});
