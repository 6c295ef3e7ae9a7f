import { type ExecFileException, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { StackError } from './errors';

export interface JavaInfo {
  /** Path (or PATH name) of the java launcher. */
  command: string;
  major: number;
  /** The exact runtime, e.g. `OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)`. */
  build: string;
}

/** `java -version` prints `openjdk version "17.0.15"` or, before Java 9, `"1.8.0_392"`. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string; error?: ExecFileException }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, error: error ?? undefined }),
    );
  });
}

async function probeJava(command: string): Promise<{ major: number; build: string } | undefined> {
  const { stdout, stderr, error } = await run(command, ['-version']);
  if (error) return undefined;
  const output = `${stderr}\n${stdout}`;
  const major = parseJavaMajor(output);
  return major === undefined ? undefined : { major, build: output.trim().split('\n').join(' ') };
}

/** JDKs installed side by side (Debian's /usr/lib/jvm, macOS, /opt/java): newest first. */
function installedJdks(): string[] {
  const roots = ['/usr/lib/jvm', '/opt/java', '/Library/Java/JavaVirtualMachines'];
  const homes: { home: string; version: number[] }[] = [];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root)) {
      for (const home of [path.join(root, entry), path.join(root, entry, 'Contents', 'Home')]) {
        const release = path.join(home, 'release');
        if (!existsSync(release) || !existsSync(path.join(home, 'bin', 'java'))) continue;
        const version = /JAVA_VERSION="([\d.]+)/.exec(readFileSync(release, 'utf8'))?.[1];
        if (version) homes.push({ home, version: version.split('.').map(Number) });
      }
    }
  }
  const newerFirst = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      if ((a[i] ?? 0) !== (b[i] ?? 0)) return (b[i] ?? 0) - (a[i] ?? 0);
    return 0;
  };
  return homes.sort((a, b) => newerFirst(a.version, b.version)).map((h) => path.join(h.home, 'bin', 'java'));
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const javaChecks = new Map<number, Promise<JavaInfo>>();

/**
 * A Java launcher of at least `minMajor`: SURGE_JAVA_HOME, then JAVA_HOME, then
 * `java` on PATH, then the newest JDK installed beside it. Kafka 4 needs 17;
 * Apicurio 3.3 is compiled for 21, so on a machine whose default java is 17 the
 * registry runs on a second, newer JDK.
 */
export function findJava(minMajor: number, forWhat: string, env: NodeJS.ProcessEnv = process.env): Promise<JavaInfo> {
  let pending = javaChecks.get(minMajor);
  if (!pending) {
    pending = (async () => {
      const preferred = [env.SURGE_JAVA_HOME, env.JAVA_HOME]
        .filter((h): h is string => Boolean(h))
        .map((h) => path.join(h, 'bin', 'java'));
      const seen: string[] = [];
      const tried = new Set<string>();
      for (const command of [...preferred, 'java', ...installedJdks()]) {
        // Debian links one JDK under several names: probe each binary once.
        const resolved = path.isAbsolute(command) ? command : onPath(command);
        if (!resolved || !existsSync(resolved)) continue;
        const real = realpathSync(resolved);
        if (tried.has(real)) continue;
        tried.add(real);
        const probe = await probeJava(command);
        if (!probe) continue;
        if (probe.major >= minMajor) return { command, ...probe };
        seen.push(`Java ${probe.major} (${command})`);
      }
      const found = seen.length > 0 ? `found only ${seen.join(', ')}` : 'no java was found';
      throw new StackError(
        `${forWhat} needs Java ${minMajor}+ but ${found}; install a JDK ${minMajor}+ (e.g. apt-get install openjdk-${minMajor}-jdk-headless) or set SURGE_JAVA_HOME to one`,
      );
    })();
    javaChecks.set(minMajor, pending);
    pending.catch(() => javaChecks.delete(minMajor));
  }
  return pending;
}

let mavenCheck: Promise<string> | undefined;

/** Maven is only needed on a cold cache, to download Kafka and Apicurio. */
export function checkMaven(): Promise<string> {
  mavenCheck ??= (async () => {
    const { error } = await run('mvn', ['-v']);
    if (error?.code === 'ENOENT') {
      throw new StackError(
        'Maven (`mvn`) is required to download Kafka and Apicurio on first start but was not found on PATH; install it (apt-get install maven)',
      );
    }
    if (error) throw new StackError(`\`mvn -v\` failed (${error.message.split('\n')[0]}); fix the Maven installation`);
    return 'mvn';
  })();
  mavenCheck.catch(() => (mavenCheck = undefined));
  return mavenCheck;
}

export interface PortClaim {
  port: number;
  /** What we want to run there, for the message. */
  what: string;
  /** The setting that moves it, for the message. */
  setting?: string;
}

/** Resolves when 127.0.0.1:port can be bound (and releases it again). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Refuses to start when any port is taken: otherwise our clients would quietly
 * talk to whatever server already listens there.
 */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  const seen = new Map<number, string>();
  for (const claim of claims) {
    const other = seen.get(claim.port);
    if (other)
      throw new StackError(
        `port ${claim.port} is configured for both ${other} and ${claim.what}; give them different ports`,
      );
    seen.set(claim.port, claim.what);
  }
  const results = await Promise.all(claims.map(async (claim) => ({ claim, free: await isPortFree(claim.port) })));
  const taken = results.filter((r) => !r.free).map((r) => r.claim);
  if (taken.length === 0) return;
  const list = taken.map((c) => `${c.port} (${c.what})`).join(', ');
  const settings = taken.map((c) => c.setting).filter((s): s is string => Boolean(s));
  const move = settings.length > 0 ? ` or choose other ports with ${[...new Set(settings)].join(', ')}` : '';
  throw new StackError(
    `port${taken.length > 1 ? 's' : ''} ${list} already in use on 127.0.0.1; stop whatever listens there${move}`,
  );
}

/** A port nothing listens on right now, for tests that start their own servers. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
