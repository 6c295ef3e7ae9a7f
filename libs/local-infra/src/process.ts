import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface ManagedProcessOptions {
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** A log file receives stdout and stderr; 'pipe' hands both streams to the caller. */
  output: { logFile: string } | 'pipe';
  /** Run as another user (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
  /** Graceful stop, and what the child receives if this process dies first. */
  stopSignal?: NodeJS.Signals;
  /** After this long a graceful stop becomes SIGKILL. */
  stopTimeoutMs?: number;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

/**
 * On a normal exit (including process.exit from a signal handler) nothing can be
 * awaited any more, so every child still running gets its stop signal and shuts
 * itself down. A SIGKILLed parent is covered by the parent-death signal below.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.signal(child.stopSignal);
  });
}

let setprivPath: string | null | undefined;

/**
 * util-linux `setpriv --pdeathsig` asks the kernel to signal the child when its
 * parent dies, even by SIGKILL; the setting survives exec of the real command.
 * Not available off Linux: there only the exit hook and signal handlers apply.
 */
function findSetpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (process.platform !== 'linux') return setprivPath;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/bin'])) {
    const candidate = path.join(dir, 'setpriv');
    if (dir && existsSync(candidate)) return (setprivPath = candidate);
  }
  return setprivPath;
}

/** The command for the log header, with a long classpath shortened to its size. */
export function commandLine(command: string, args: readonly string[]): string {
  const shown = args.map((arg, i) => (args[i - 1] === '-cp' ? `<${arg.split(path.delimiter).length} jars>` : arg));
  return [command, ...shown].join(' ');
}

export function describeExit(exit: ExitInfo): string {
  if (exit.error) return `could not be started (${exit.error.message})`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code ?? 'unknown'}`;
}

/** A child process we started and must stop: tracked until it exits. */
export class ManagedProcess {
  readonly name: string;
  readonly logFile: string | undefined;
  readonly stopSignal: NodeJS.Signals;
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;
  private readonly stopTimeoutMs: number;
  private exitInfo: ExitInfo | undefined;

  constructor(options: ManagedProcessOptions) {
    installExitHook();
    this.name = options.name;
    this.stopSignal = options.stopSignal ?? 'SIGTERM';
    this.stopTimeoutMs = options.stopTimeoutMs ?? 20_000;
    this.logFile = options.output === 'pipe' ? undefined : options.output.logFile;

    const setpriv = findSetpriv();
    const [command, args] = setpriv
      ? [setpriv, ['--pdeathsig', this.stopSignal.replace(/^SIG/, ''), '--', options.command, ...options.args]]
      : [options.command, [...options.args]];

    let logFd: number | undefined;
    if (this.logFile) {
      mkdirSync(path.dirname(this.logFile), { recursive: true });
      logFd = openSync(this.logFile, 'a');
      writeSync(logFd, `\n--- ${new Date().toISOString()} ${commandLine(options.command, options.args)}\n`);
    }
    try {
      this.child = spawn(command, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        uid: options.uid,
        gid: options.gid,
        stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
        // Own process group: a terminal's Ctrl-C reaches only us, and we stop
        // children in order (services before the infrastructure they use).
        detached: true,
      });
    } finally {
      if (logFd !== undefined) closeSync(logFd);
    }
    // Children must not keep a finished parent alive; stop() re-references.
    this.child.unref();
    live.add(this);

    this.exited = new Promise<ExitInfo>((resolve) => {
      const done = (info: ExitInfo) => {
        if (this.exitInfo) return;
        this.exitInfo = info;
        live.delete(this);
        resolve(info);
      };
      this.child.once('exit', (code, signal) => done({ code, signal }));
      this.child.once('error', (error) => done({ code: null, signal: null, error }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stdout(): Readable | null {
    return this.child.stdout;
  }

  get stderr(): Readable | null {
    return this.child.stderr;
  }

  /** Set once the process has exited. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exitInfo || this.child.pid === undefined) return;
    try {
      process.kill(this.child.pid, signal);
    } catch {
      // Already gone: the exit event follows.
    }
  }

  /** Graceful stop with a deadline, then SIGKILL; resolves once the process is gone. */
  async stop(timeoutMs = this.stopTimeoutMs): Promise<ExitInfo> {
    if (this.exitInfo) return this.exitInfo;
    this.child.ref();
    this.signal(this.stopSignal);
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.signal('SIGKILL');
        resolve();
      }, timeoutMs);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    return this.exited;
  }
}

/** Every child still running, newest first (the order to stop them in). */
export function liveProcesses(): ManagedProcess[] {
  return [...live].reverse();
}

/** Stops every child we started, newest first. For an interrupt in the middle of a start. */
export async function stopAllProcesses(): Promise<void> {
  for (const child of liveProcesses()) await child.stop();
}

/** The last lines of a child's log, to explain a failed start in one line. */
export function logTail(logFile: string | undefined, lines = 3): string {
  if (!logFile || !existsSync(logFile)) return '';
  const text = readFileSync(logFile, 'utf8').slice(-16_384);
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('--- ') && !l.startsWith('at '))
    .slice(-lines)
    .join(' | ');
}

/** Picks the most telling error line from a log, falling back to its tail. */
export function logErrorLine(logFile: string | undefined): string {
  if (!logFile || !existsSync(logFile)) return '';
  const text = readFileSync(logFile, 'utf8').slice(-65_536);
  const lastRun = text.slice(text.lastIndexOf('\n--- '));
  const errors = lastRun
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /\b(ERROR|FATAL|PANIC|Exception|Error:)\b/.test(l) && !l.startsWith('at '));
  return errors.length > 0 ? errors[errors.length - 1].slice(0, 300) : logTail(logFile, 2).slice(0, 300);
}
