import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RestartEvent, SupervisedProcess, type SupervisedOptions } from './supervisor';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const nextRestart = (supervised: SupervisedProcess): Promise<RestartEvent> =>
  new Promise((resolve) => {
    const off = supervised.onRestart((event) => {
      off();
      resolve(event);
    });
  });

describe('a supervised process', () => {
  let dir: string;
  let lines: string[];
  const running: SupervisedProcess[] = [];

  const supervise = (script: string, options: Partial<SupervisedOptions> = {}): SupervisedProcess => {
    const supervised = new SupervisedProcess({
      name: 'sleeper',
      command: process.execPath,
      args: ['-e', script],
      output: { logFile: path.join(dir, 'sleeper.log') },
      stopTimeoutMs: 5_000,
      restart: { initialDelayMs: 100 },
      log: (line) => lines.push(line),
      ...options,
    });
    running.push(supervised);
    return supervised;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'surge-supervisor-'));
    lines = [];
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a new process when the child is killed', async () => {
    const supervised = supervise('setInterval(() => {}, 1000)');
    const first = supervised.pid ?? 0;
    expect(alive(first)).toBe(true);
    const restarted = nextRestart(supervised);

    supervised.kill();
    expect(supervised.running).toBe(false);

    const event = await restarted;
    expect(event.previousExit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(event.child.pid).not.toBe(first);
    expect(supervised.pid).toBe(event.child.pid);
    expect(alive(event.child.pid ?? 0)).toBe(true);
    expect(alive(first)).toBe(false);
    expect(supervised.restarts).toBe(1);
    expect(supervised.running).toBe(true);
    expect(lines).toEqual(['sleeper was killed by SIGKILL; restarting in 0.1 s (restart 1)']);
    // The restarted child writes to the same log, after a header of its own.
    expect(readFileSync(path.join(dir, 'sleeper.log'), 'utf8').match(/^--- /gm)).toHaveLength(2);
  });

  it('backs off further for each crash in a row', async () => {
    const supervised = supervise('process.exit(3)');
    await nextRestart(supervised);
    await nextRestart(supervised);
    await supervised.stop();
    expect(lines.slice(0, 2)).toEqual([
      'sleeper exited with code 3; restarting in 0.1 s (restart 1)',
      'sleeper exited with code 3; restarting in 0.2 s (restart 2)',
    ]);
  });

  it('does not restart a child stopped through stop()', async () => {
    const supervised = supervise('setInterval(() => {}, 1000)');
    const pid = supervised.pid ?? 0;

    const exit = await supervised.stop();

    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive(pid)).toBe(false);
    // The restart decision is taken the moment the child exits: none was scheduled.
    expect(supervised.stopped).toBe(true);
    expect(supervised.restarts).toBe(0);
    expect(supervised.pid).toBeUndefined();
    expect(lines).toEqual([]);
    expect(() => supervised.kill()).toThrow('sleeper is stopped: there is no process to kill');
    expect(() => supervised.kill('SIGNOPE' as NodeJS.Signals)).toThrow(
      'SIGNOPE is not a signal (try SIGKILL or SIGTERM)',
    );
  });

  it('runs a new child, supervised again, when started after a stop', async () => {
    const supervised = supervise('setInterval(() => {}, 1000)');
    const first = supervised.pid ?? 0;
    await supervised.stop();

    await supervised.start();

    const second = supervised.pid ?? 0;
    expect(second).not.toBe(first);
    expect(alive(second)).toBe(true);
    expect(supervised.stopped).toBe(false);
    expect(supervised.restarts).toBe(0);
    const restarted = nextRestart(supervised);
    supervised.kill();
    expect((await restarted).child.pid).not.toBe(second);
    expect(supervised.restarts).toBe(1);
  });

  it('cancels a pending restart when stopped during the backoff', async () => {
    const supervised = supervise('setInterval(() => {}, 1000)', { restart: { initialDelayMs: 10_000 } });
    supervised.kill();
    await supervised.current.exited;

    const exit = await supervised.stop();

    expect(exit.signal).toBe('SIGKILL');
    expect(lines).toEqual(['sleeper was killed by SIGKILL; restarting in 10.0 s (restart 1)']);
    expect(supervised.restarts).toBe(0);
    expect(supervised.running).toBe(false);
  });
});
