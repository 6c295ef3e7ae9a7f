import { constants } from 'node:os';
import { StackError, errorMessage } from './errors';
import { type Logger, consoleLogger, seconds } from './paths';
import { type ExitInfo, ManagedProcess, type ManagedProcessOptions, describeExit } from './process';

export interface RestartPolicy {
  /** Wait before the first restart of a crash streak; doubled for each further one. */
  initialDelayMs: number;
  /** The doubling stops here. */
  maxDelayMs: number;
  /** A child that ran this long before it ended starts a new streak (back to initialDelayMs). */
  resetAfterMs: number;
  /**
   * Fraction of each delay taken off at random (0..1), so services that crash
   * together do not restart in lockstep. 0 (the default) keeps restarts predictable.
   */
  jitter: number;
}

export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicy> = {
  initialDelayMs: 500,
  maxDelayMs: 15_000,
  resetAfterMs: 30_000,
  jitter: 0,
};

/** The defaults with `overrides` applied; a negative, non-finite or inconsistent value is refused. */
export function restartPolicy(overrides: Partial<RestartPolicy> = {}): RestartPolicy {
  const policy = { ...DEFAULT_RESTART_POLICY, ...overrides };
  for (const key of ['initialDelayMs', 'maxDelayMs', 'resetAfterMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0)
      throw new StackError(`restart policy: ${key} must be a number of milliseconds >= 0, got ${policy[key]}`);
  }
  if (policy.initialDelayMs > policy.maxDelayMs)
    throw new StackError(
      `restart policy: initialDelayMs (${policy.initialDelayMs}) is above maxDelayMs (${policy.maxDelayMs})`,
    );
  if (!(policy.jitter >= 0 && policy.jitter <= 1))
    throw new StackError(`restart policy: jitter must be between 0 and 1, got ${policy.jitter}`);
  return policy;
}

/** Position of the coming restart in its crash streak: a child that ran resetAfterMs or longer starts a new one. */
export function nextStreak(policy: RestartPolicy, streak: number, ranForMs: number): number {
  return ranForMs >= policy.resetAfterMs ? 1 : streak + 1;
}

/** Milliseconds before restart number `streak` of a streak (1 = the first): doubling, capped, minus jitter. */
export function restartDelay(policy: RestartPolicy, streak: number, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, streak - 1));
  return Math.round(capped * (1 - policy.jitter * random()));
}

export interface RestartEvent {
  /** The child now running. */
  child: ManagedProcess;
  /** How its predecessor ended. */
  previousExit: ExitInfo;
  /** Restarts so far, this one included. */
  restart: number;
  delayMs: number;
}

export type SupervisedOptions = ManagedProcessOptions & { restart?: Partial<RestartPolicy>; log?: Logger };

/**
 * Keeps one service process running, as compose or Kubernetes would: a child
 * that ends without stop() is started again with the same command, environment
 * and log file after an exponential backoff. kill() is for fault injection.
 */
export class SupervisedProcess {
  readonly name: string;
  private readonly options: ManagedProcessOptions;
  private readonly policy: RestartPolicy;
  private readonly log: Logger;
  private readonly listeners = new Set<(event: RestartEvent) => void>();
  /** Children signalled through kill(): no longer counted as running. */
  private readonly killed = new WeakSet<ManagedProcess>();
  private child: ManagedProcess;
  private startedAt = Date.now();
  private streak = 0;
  private restartCount = 0;
  private crashCount = 0;
  private lastExitInfo: ExitInfo | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping: Promise<ExitInfo> | undefined;

  constructor(options: SupervisedOptions) {
    const { restart, log, ...processOptions } = options;
    this.name = options.name;
    this.options = processOptions;
    this.policy = restartPolicy(restart);
    this.log = log ?? consoleLogger;
    this.child = this.spawn();
  }

  get pid(): number | undefined {
    return this.child.exit ? undefined : this.child.pid;
  }

  get restarts(): number {
    return this.restartCount;
  }

  /** Children that ended without stop(), restarted or about to be. */
  get crashes(): number {
    return this.crashCount;
  }

  /** The latest child; between a crash and its restart, the one that ended. */
  get current(): ManagedProcess {
    return this.child;
  }

  /** How the latest child that ended did so; undefined while the first still runs. */
  get lastExit(): ExitInfo | undefined {
    return this.lastExitInfo;
  }

  /** A child is up, and kill() has not been sent to it: the state to wait for after a fault. */
  get running(): boolean {
    return !this.stopping && !this.child.exit && !this.killed.has(this.child);
  }

  /** stop() was called, and start() has not been since. */
  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /** Signals the current child; supervision restarts it once it ends. Nothing to do while a restart is pending. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!(signal in constants.signals))
      throw new StackError(`${String(signal)} is not a signal (try SIGKILL or SIGTERM)`);
    if (this.stopping) throw new StackError(`${this.name} is stopped: there is no process to kill`);
    if (this.child.exit) return;
    this.killed.add(this.child);
    this.child.signal(signal);
  }

  /** Called after every restart, with the new child. Returns the unsubscribe function. */
  onRestart(listener: (event: RestartEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends supervision, then stops the child gracefully (stopSignal, SIGKILL after its timeout). */
  stop(): Promise<ExitInfo> {
    if (!this.stopping) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.stopping = this.child.stop();
    }
    return this.stopping;
  }

  /**
   * After stop(): a new child with the same command and environment, supervised
   * again (a fresh crash streak; not counted as a restart). Resolves once it is
   * spawned, not once it is ready. Nothing to do while supervision is on.
   */
  async start(): Promise<void> {
    const stopping = this.stopping;
    if (!stopping) return;
    await stopping;
    // A concurrent start() got here first.
    if (this.stopping !== stopping) return;
    this.stopping = undefined;
    this.streak = 0;
    this.child = this.spawn();
  }

  private spawn(): ManagedProcess {
    this.startedAt = Date.now();
    const child = new ManagedProcess(this.options);
    void child.exited.then((exit) => this.onExit(child, exit));
    return child;
  }

  private onExit(child: ManagedProcess, exit: ExitInfo): void {
    if (child !== this.child) return;
    this.lastExitInfo = exit;
    if (this.stopping) return;
    this.crashCount += 1;
    this.streak = nextStreak(this.policy, this.streak, Date.now() - this.startedAt);
    const delayMs = restartDelay(this.policy, this.streak);
    this.log(
      `${this.name} ${describeExit(exit)}; restarting in ${seconds(delayMs)} (restart ${this.restartCount + 1})`,
    );
    this.timer = setTimeout(() => this.restart(exit, delayMs), delayMs);
    // Supervision alone must not keep a finished parent alive, as the children do not.
    this.timer.unref();
  }

  private restart(previousExit: ExitInfo, delayMs: number): void {
    this.timer = undefined;
    if (this.stopping) return;
    this.restartCount += 1;
    try {
      this.child = this.spawn();
    } catch (error: unknown) {
      // spawn() itself threw (e.g. a bad uid): count it as a crash so the backoff still applies.
      this.onExit(this.child, { code: null, signal: null, error: new Error(errorMessage(error)) });
      return;
    }
    const event: RestartEvent = { child: this.child, previousExit, restart: this.restartCount, delayMs };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error: unknown) {
        this.log(`${this.name}: a restart listener failed (${errorMessage(error)})`);
      }
    }
  }
}
