import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { StackError } from './errors';
import { type Logger, displayPath, repoRoot, seconds } from './paths';
import { checkMaven } from './preflight';

// Named explicitly: the default dependency plugin of Debian's Maven is very old.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export const APICURIO_VERSION = '3.3.3';
const APICURIO_ARTIFACT = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`;

export function kafkaPomPath(): string {
  return path.join(repoRoot(), 'libs', 'local-infra', 'kafka', 'pom.xml');
}

/** Runs Maven with its output in a log file; a failure becomes one line naming that file. */
async function runMaven(args: string[], options: { cwd: string; logFile: string; what: string }): Promise<void> {
  await checkMaven();
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const fd = openSync(options.logFile, 'w');
  const exit = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('mvn', ['-B', ...args], { cwd: options.cwd, stdio: ['ignore', fd, fd] });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  }).finally(() => closeSync(fd));
  if (exit !== 0) {
    const log = readFileSync(options.logFile, 'utf8');
    const line =
      /\[ERROR\] (.+)/
        .exec(log)?.[1]
        ?.replace(/ -> \[Help \d+\]$/, '')
        .trim() ?? `mvn exited with ${exit}`;
    // Maven's first error line nests causes with ": "; its start and end say the most.
    const reason = line.length > 240 ? `${line.slice(0, 120)} … ${line.slice(-110)}` : line;
    throw new StackError(
      `Maven could not download ${options.what} (${reason}); check access to Maven Central (proxy/mirror in ~/.m2/settings.xml) and see ${displayPath(options.logFile)}`,
    );
  }
}

function classpathIsComplete(classpath: string): boolean {
  const entries = classpath.split(path.delimiter).filter(Boolean);
  return entries.length > 0 && entries.every((jar) => existsSync(jar));
}

const classpaths = new Map<string, Promise<string>>();

/**
 * The broker's runtime classpath, resolved by Maven once and cached. The cache
 * file is keyed by the pom's content, so changing the Kafka version re-resolves;
 * it is reused only while every jar it names still exists in ~/.m2.
 */
export function kafkaClasspath(cacheDir: string, log: Logger): Promise<string> {
  const pom = kafkaPomPath();
  const key = createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 12);
  const file = path.join(cacheDir, `kafka-classpath-${key}.txt`);
  let pending = classpaths.get(file);
  if (!pending) {
    pending = (async () => {
      if (existsSync(file)) {
        const cached = readFileSync(file, 'utf8').trim();
        if (classpathIsComplete(cached)) return cached;
      }
      const started = Date.now();
      log('resolving the Kafka broker with Maven (first start only)...');
      mkdirSync(cacheDir, { recursive: true });
      // Written under a private name then renamed: a parallel run never reads half a file.
      const partial = `${file}.${process.pid}.tmp`;
      await runMaven(
        [
          '-q',
          '-f',
          pom,
          `${DEPENDENCY_PLUGIN}:build-classpath`,
          `-Dmdep.outputFile=${partial}`,
          '-Dmdep.includeScope=runtime',
        ],
        { cwd: path.dirname(pom), logFile: path.join(cacheDir, 'maven-kafka.log'), what: 'the Kafka broker' },
      );
      renameSync(partial, file);
      const classpath = readFileSync(file, 'utf8').trim();
      if (!classpathIsComplete(classpath))
        throw new StackError(`Maven resolved an incomplete Kafka classpath; delete ${displayPath(file)} and retry`);
      log(`Kafka resolved (${seconds(Date.now() - started)})`);
      return classpath;
    })();
    classpaths.set(file, pending);
    pending.catch(() => classpaths.delete(file));
  }
  return pending;
}

let apicurio: Promise<string> | undefined;

/**
 * Apicurio Registry's Quarkus application, fetched from Maven Central and
 * unpacked into the cache once. Returns the folder holding quarkus-run.jar.
 */
export function apicurioHome(cacheDir: string, log: Logger): Promise<string> {
  apicurio ??= (async () => {
    const home = path.join(cacheDir, `apicurio-registry-${APICURIO_VERSION}`);
    if (existsSync(path.join(home, 'quarkus-run.jar'))) return home;
    const started = Date.now();
    log(`fetching Apicurio Registry ${APICURIO_VERSION} with Maven (first start only)...`);
    const downloads = path.join(cacheDir, `downloads-${process.pid}`);
    mkdirSync(downloads, { recursive: true });
    try {
      // `copy` needs no project: run it where no pom.xml can be picked up.
      await runMaven(
        ['-q', `${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${APICURIO_ARTIFACT}`, `-DoutputDirectory=${downloads}`],
        {
          cwd: downloads,
          logFile: path.join(cacheDir, 'maven-apicurio.log'),
          what: `Apicurio Registry ${APICURIO_VERSION}`,
        },
      );
      const tarball = path.join(downloads, `apicurio-registry-app-${APICURIO_VERSION}-all.tar.gz`);
      const unpacking = `${home}.${process.pid}.tmp`;
      rmSync(unpacking, { recursive: true, force: true });
      mkdirSync(unpacking, { recursive: true });
      await new Promise<void>((resolve, reject) => {
        const tar = spawn('tar', ['-xzf', tarball, '-C', unpacking], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        tar.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        tar.once('error', reject);
        tar.once('exit', (code) =>
          code === 0
            ? resolve()
            : reject(new StackError(`could not unpack ${displayPath(tarball)}: ${stderr.trim().split('\n')[0]}`)),
        );
      });
      if (!existsSync(path.join(unpacking, 'quarkus-run.jar'))) {
        throw new StackError(
          `the Apicurio ${APICURIO_VERSION} archive has no quarkus-run.jar at its root; pin another version in libs/local-infra`,
        );
      }
      // Renamed into place last: a half-unpacked folder is never mistaken for the app.
      if (existsSync(home)) rmSync(unpacking, { recursive: true, force: true });
      else renameSync(unpacking, home);
      log(`Apicurio Registry fetched (${seconds(Date.now() - started)})`);
      return home;
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }
  })();
  apicurio.catch(() => (apicurio = undefined));
  return apicurio;
}
