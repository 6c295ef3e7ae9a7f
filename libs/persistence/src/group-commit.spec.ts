import { GroupCommit, type Settled, settled } from './group-commit';

/** A write whose batches the test finishes by hand, recording what each batch held. */
function controlledWrite() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const write = (inputs: number[]): Promise<Settled<string>[]> => {
    batches.push(inputs);
    return new Promise((resolve) => pending.push(() => resolve(inputs.map((n) => settled.ok(`#${n}`)))));
  };
  const finishNext = async (): Promise<void> => {
    pending.shift()?.();
    // Let the awaiting callers and the next batch's start run.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, write, finishNext };
}

describe('GroupCommit', () => {
  it('writes an item that arrives alone at once, in a batch of its own', async () => {
    const { batches, write, finishNext } = controlledWrite();
    const commit = new GroupCommit(write);

    const placed = commit.submit(1);
    expect(batches).toEqual([[1]]);
    await finishNext();

    await expect(placed).resolves.toBe('#1');
  });

  it('writes the items that arrived during a batch together as the next batch, in arrival order', async () => {
    const { batches, write, finishNext } = controlledWrite();
    const commit = new GroupCommit(write);

    const results = [1, 2, 3, 4].map((n) => commit.submit(n));
    expect(batches).toEqual([[1]]);
    await finishNext();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await finishNext();

    await expect(Promise.all(results)).resolves.toEqual(['#1', '#2', '#3', '#4']);
  });

  it('splits what waits into batches of at most maxBatch', async () => {
    const { batches, write, finishNext } = controlledWrite();
    const commit = new GroupCommit(write, { maxBatch: 2 });

    const results = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    for (let i = 0; i < 3; i++) await finishNext();

    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
    await expect(Promise.all(results)).resolves.toHaveLength(5);
  });

  it("gives each caller its own item's outcome", async () => {
    const commit = new GroupCommit<number, number>(async (inputs) =>
      inputs.map((n) => (n % 2 === 0 ? settled.ok(n * 10) : settled.failed(new Error(`odd ${n}`)))),
    );

    const results = await Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));

    expect(results).toEqual([
      { status: 'rejected', reason: new Error('odd 1') },
      { status: 'fulfilled', value: 20 },
      { status: 'rejected', reason: new Error('odd 3') },
    ]);
  });

  it('writes a failed batch again item by item, so that only the faulty item fails', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number, number>(async (inputs) => {
      batches.push(inputs);
      if (inputs.includes(13)) throw new Error('13 breaks a constraint');
      return inputs.map((n) => settled.ok(n));
    });

    const first = commit.submit(1);
    const rest = [12, 13, 14].map((n) => commit.submit(n));
    const results = await Promise.allSettled([first, ...rest]);

    expect(batches).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it("fails every item of a batch at once when the failure is not one item's (isolate says no)", async () => {
    const batches: number[][] = [];
    const away = new Error('database away');
    const commit = new GroupCommit<number, number>(
      async (inputs) => {
        batches.push(inputs);
        throw away;
      },
      { isolate: (error) => error !== away },
    );

    const results = await Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));

    expect(batches).toEqual([[1], [2, 3]]);
    expect(results).toEqual([1, 2, 3].map(() => ({ status: 'rejected', reason: away })));
  });

  it('fails the batch when write answers for the wrong number of items', async () => {
    const commit = new GroupCommit<number, number>(async () => [settled.ok(1)], { isolate: () => false });

    const results = await Promise.allSettled([commit.submit(1), commit.submit(2), commit.submit(3)]);

    expect(results[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(results.slice(1)).toEqual([
      { status: 'rejected', reason: new Error('group commit: 1 results for 2 items') },
      { status: 'rejected', reason: new Error('group commit: 1 results for 2 items') },
    ]);
  });
});
