import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time and memory of the stack's processes, read from Linux's /proc: the
 * process listening on each port of the stack, and its children (PostgreSQL
 * runs a process per connection). Where /proc is absent the figures are
 * missing, never made up.
 */

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the stack runs on

export interface ProcessUsage {
  readonly name: string;
  readonly pid: number;
  /** CPU seconds (user + system) spent during the measurement, children included. */
  readonly cpuSeconds: number;
  /** The largest resident set seen during the measurement, process and children, in MiB. */
  readonly peakRssMiB: number;
}

/** The pid of the process listening on 127.0.0.1/0.0.0.0/:: `port` over TCP, if any. */
export function pidListeningOn(port: number, proc = '/proc'): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['net/tcp', 'net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(`${proc}/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1].split(':')[1], 16);
      if (localPort === port && fields[3] === '0A') inodes.add(fields[9]); // 0A: LISTEN
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of numericEntries(proc)) {
    let fds: string[];
    try {
      fds = readdirSync(`${proc}/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`${proc}/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return pid;
      } catch {
        // the fd closed meanwhile
      }
    }
  }
  return undefined;
}

function numericEntries(proc: string): number[] {
  return readdirSync(proc)
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

interface Stat {
  readonly ppid: number;
  /** utime + stime, own threads only, in ticks. */
  readonly ticks: number;
  /** cutime + cstime: children that have exited and been waited for, in ticks. */
  readonly reapedTicks: number;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
export function parseStat(text: string): Stat {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (3rd field of the file): ppid is the 4th, utime the 14th, ...
  const at = (n: number) => Number(fields[n - 3]);
  return { ppid: at(4), ticks: at(14) + at(15), reapedTicks: at(16) + at(17) };
}

function readStat(proc: string, pid: number): Stat | undefined {
  try {
    return parseStat(readFileSync(`${proc}/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

function rssKiB(proc: string, pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`${proc}/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Samples the processes' CPU and RSS until stopped. */
export class ProcessSampler {
  private readonly startTicks = new Map<string, number>();
  /** Per watched process: the last tick count seen of each child alive, so children that exit are not lost. */
  private readonly childTicks = new Map<string, Map<number, number>>();
  private readonly peakKiB = new Map<string, number>();
  /**
   * Per watched process: the ticks children had when first seen, for those
   * that exited since. Their whole lifetime lands in the parent's reaped
   * ticks; what they spent before the start must come off.
   */
  private readonly exitedBefore = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly watched: ReadonlyMap<string, number>,
    private readonly proc = '/proc',
  ) {}

  start(intervalMs = 250): void {
    for (const [name, pid] of this.watched) {
      const stat = readStat(this.proc, pid);
      this.startTicks.set(name, stat ? stat.ticks + stat.reapedTicks : 0);
      this.childTicks.set(name, new Map());
    }
    // Children alive at the start count from what they had then.
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), intervalMs);
    this.timer.unref();
  }

  stop(): ProcessUsage[] {
    clearInterval(this.timer);
    const children = this.childrenByParent();
    return [...this.watched].map(([name, pid]) => {
      const stat = readStat(this.proc, pid);
      const own = stat ? stat.ticks + stat.reapedTicks - (this.startTicks.get(name) ?? 0) : 0;
      // Children still alive: what they spent since first seen (reaped ones are in reapedTicks).
      const seen = this.childTicks.get(name) ?? new Map<number, number>();
      let alive = 0;
      for (const child of children.get(pid) ?? []) {
        const childStat = readStat(this.proc, child);
        if (childStat) alive += childStat.ticks - (seen.get(child) ?? 0);
      }
      return {
        name,
        pid,
        cpuSeconds: (own + alive - (this.exitedBefore.get(name) ?? 0)) / CLOCK_TICKS_PER_SECOND,
        peakRssMiB: (this.peakKiB.get(name) ?? 0) / 1024,
      };
    });
  }

  private childrenByParent(): Map<number, number[]> {
    const parents = new Set(this.watched.values());
    const children = new Map<number, number[]>();
    for (const pid of numericEntries(this.proc)) {
      const stat = readStat(this.proc, pid);
      if (stat && parents.has(stat.ppid)) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
    }
    return children;
  }

  private sample(first: boolean): void {
    const children = this.childrenByParent();
    for (const [name, pid] of this.watched) {
      const seen = this.childTicks.get(name)!;
      const current = new Set(children.get(pid) ?? []);
      for (const [child, ticksWhenSeen] of seen)
        if (!current.has(child)) {
          this.exitedBefore.set(name, (this.exitedBefore.get(name) ?? 0) + ticksWhenSeen);
          seen.delete(child);
        }
      let rss = rssKiB(this.proc, pid);
      for (const child of current) {
        rss += rssKiB(this.proc, child);
        // A child first seen after the start began at 0 ticks during the run.
        if (!seen.has(child)) seen.set(child, first ? (readStat(this.proc, child)?.ticks ?? 0) : 0);
      }
      this.peakKiB.set(name, Math.max(this.peakKiB.get(name) ?? 0, rss));
    }
  }
}
