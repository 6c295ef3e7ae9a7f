import { Logger } from '@nestjs/common';
import { DeadlineSweeper } from './deadline-sweeper';
import type { SagaDeadlineOptions, TimedOut, TimeOutOverdueOrders } from './time-out-overdue-orders';

const OPTIONS: SagaDeadlineOptions = { deadlineMs: 120_000, sweepIntervalMs: 5_000, batchSize: 2 };

const anOrder: TimedOut = { orderId: 'order', correlationId: 'corr', detail: null };

/** A use case answering each sweep with the next outcome given (then with nothing timed out), counting sweeps. */
function sweeps(...outcomes: (TimedOut[] | Error | Promise<TimedOut[]>)[]) {
  const useCase = {
    count: 0,
    sweep: async (): Promise<TimedOut[]> => {
      useCase.count += 1;
      const outcome = await (outcomes.shift() ?? []);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
  return useCase;
}

describe('the deadline sweeper', () => {
  let errors: unknown[];
  let sweeper: DeadlineSweeper | undefined;

  function started(useCase: ReturnType<typeof sweeps>, options: SagaDeadlineOptions = OPTIONS): DeadlineSweeper {
    sweeper = new DeadlineSweeper(useCase as unknown as TimeOutOverdueOrders, options);
    sweeper.onApplicationBootstrap();
    return sweeper;
  }

  beforeEach(() => {
    jest.useFakeTimers();
    errors = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void errors.push(message));
  });

  afterEach(async () => {
    await sweeper?.beforeApplicationShutdown();
    sweeper = undefined;
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('sweeps at start-up and then once per interval', async () => {
    const useCase = sweeps();
    started(useCase);
    await jest.advanceTimersByTimeAsync(0);
    expect(useCase.count).toBe(1);
    await jest.advanceTimersByTimeAsync(OPTIONS.sweepIntervalMs - 1);
    expect(useCase.count).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(useCase.count).toBe(2);
    await jest.advanceTimersByTimeAsync(OPTIONS.sweepIntervalMs);
    expect(useCase.count).toBe(3);
  });

  it('sweeps again at once after a full batch, and waits after a partial one', async () => {
    const useCase = sweeps([anOrder, anOrder], [anOrder, anOrder], [anOrder]);
    started(useCase);
    await jest.advanceTimersByTimeAsync(0);
    expect(useCase.count).toBe(3);
    await jest.advanceTimersByTimeAsync(OPTIONS.sweepIntervalMs - 1);
    expect(useCase.count).toBe(3);
  });

  it('logs a failed sweep and tries again at the next tick', async () => {
    const useCase = sweeps(new Error('database unreachable'), new Error('database unreachable'), [anOrder]);
    started(useCase);
    await jest.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([expect.objectContaining({ msg: expect.stringContaining('sweep failed') as string })]);
    await jest.advanceTimersByTimeAsync(OPTIONS.sweepIntervalMs);
    await jest.advanceTimersByTimeAsync(OPTIONS.sweepIntervalMs);
    expect(useCase.count).toBe(3);
    expect(errors).toHaveLength(2);
  });

  it('lets the sweep in flight finish on shutdown and leaves no timer behind', async () => {
    let finish: (value: TimedOut[]) => void = () => undefined;
    const useCase = sweeps(new Promise((resolve) => (finish = resolve)));
    const running = started(useCase);
    await jest.advanceTimersByTimeAsync(0);

    let stopped = false;
    const stopping = running.beforeApplicationShutdown().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(OPTIONS.sweepIntervalMs);
    expect(stopped).toBe(false);
    finish([anOrder]);
    await stopping;

    expect(useCase.count).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops at once while waiting for the next tick', async () => {
    const useCase = sweeps();
    const running = started(useCase);
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(1);

    await running.beforeApplicationShutdown();

    expect(jest.getTimerCount()).toBe(0);
    expect(useCase.count).toBe(1);
  });
});
