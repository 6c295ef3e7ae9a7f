import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { StackError } from './errors';
import { startupCache } from './jvm-cache';
import { partControls } from './lifecycle';
import { kafkaClasspath } from './maven';
import { type Logger, consoleLogger, defaultCacheDir, displayPath, seconds } from './paths';
import { assertPortsFree, findJava } from './preflight';
import { ManagedProcess, describeExit, logErrorLine } from './process';
import { renderProperties } from './properties';
import { waitFor } from './wait';

export interface KafkaOptions {
  /** Holds server.properties, the log4j2 config and the broker's log directory. */
  dataDir: string;
  port: number;
  controllerPort: number;
  log?: Logger;
  /** Broker output; defaults to `<dataDir>/kafka.log`. */
  logFile?: string;
  cacheDir?: string;
  readyTimeoutMs?: number;
  /** Extra or overriding broker settings. */
  properties?: Readonly<Record<string, string | number | boolean>>;
}

export interface RunningKafka {
  /** `host:port` bootstrap addresses for clients. */
  brokers: string[];
  logFile: string;
  /** SIGTERM (clean shutdown), SIGKILL after a deadline; resolves once the JVM is gone. */
  stop(): Promise<void>;
  /** Starts the stopped broker again on the same data and ports; resolves once it answers metadata requests. */
  start(): Promise<void>;
  /** Stops and starts the same broker on the same data, e.g. for failover tests. */
  restart(): Promise<void>;
}

export interface KafkaPropertiesInput {
  port: number;
  controllerPort: number;
  logDir: string;
}

/** Single-node KRaft (broker and controller in one process) on 127.0.0.1 only. */
export function kafkaProperties(input: KafkaPropertiesInput): Record<string, string | number | boolean> {
  return {
    'process.roles': 'broker,controller',
    'node.id': 1,
    // A static voter set: `format` then needs no --standalone/--initial-controllers.
    'controller.quorum.voters': `1@127.0.0.1:${input.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${input.port},CONTROLLER://127.0.0.1:${input.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${input.port}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': input.logDir,
    // The messaging layer creates its topics; auto-creation stays on for ad-hoc tools.
    'auto.create.topics.enable': true,
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    // One broker: every internal topic must accept a replication factor of 1.
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 5,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Consumers in tests join one by one; waiting 3 s for more members only slows them.
    'group.initial.rebalance.delay.ms': 0,
    // The default dedupe buffer allocates 128 MiB of a 512 MiB heap.
    'log.cleaner.dedupe.buffer.size': 2_097_152,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'log.retention.hours': 168,
  };
}

/** Quiet broker output: warnings, plus the line that says the server started. */
export const KAFKA_LOG4J2 = renderProperties({
  status: 'warn',
  'appender.out.type': 'Console',
  'appender.out.name': 'OUT',
  'appender.out.layout.type': 'PatternLayout',
  'appender.out.layout.pattern': '[%d] %p %m (%c)%n',
  'rootLogger.level': 'WARN',
  'rootLogger.appenderRef.out.ref': 'OUT',
  'logger.server.name': 'kafka.server.KafkaRaftServer',
  'logger.server.level': 'INFO',
});

/**
 * A cluster id as Kafka's `StorageTool random-uuid` makes it (16 random bytes,
 * URL-safe base64 without padding, never starting with '-'), minus a JVM start.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Kafka 4 runs on Java 17 or newer. */
export const findKafkaJava = () => findJava(17, 'Kafka 4');

const JVM_OPTIONS = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true'];

interface KafkaLayout {
  serverProperties: string;
  log4j: string;
  logDir: string;
  logFile: string;
}

function layout(options: KafkaOptions): KafkaLayout {
  const dataDir = path.resolve(options.dataDir);
  return {
    serverProperties: path.join(dataDir, 'server.properties'),
    log4j: path.join(dataDir, 'log4j2.properties'),
    logDir: path.join(dataDir, 'data'),
    logFile: path.resolve(options.logFile ?? path.join(dataDir, 'kafka.log')),
  };
}

async function formatIfNeeded(java: string, classpath: string, files: KafkaLayout, log: Logger): Promise<void> {
  if (existsSync(path.join(files.logDir, 'meta.properties'))) return;
  log('formatting a new Kafka log directory');
  mkdirSync(files.logDir, { recursive: true });
  const fd = openSync(files.logFile, 'a');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      java,
      [
        '-Xmx256m',
        `-Dlog4j2.configurationFile=${files.log4j}`,
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        newClusterId(),
        '-c',
        files.serverProperties,
      ],
      { stdio: ['ignore', fd, fd] },
    );
    child.once('error', reject);
    child.once('exit', resolve);
  }).finally(() => closeSync(fd));
  if (code !== 0) {
    throw new StackError(
      `formatting Kafka's log directory failed (${logErrorLine(files.logFile)}); see ${displayPath(files.logFile)}`,
    );
  }
}

/** Ready when the broker answers a metadata request on its client port. */
async function brokerAnswers(brokers: string[]): Promise<true | undefined> {
  const admin = new Kafka({
    clientId: 'surge-stack-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller >= 0 ? true : undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function startKafka(options: KafkaOptions): Promise<RunningKafka> {
  const log = options.log ?? consoleLogger;
  const files = layout(options);
  const brokers = [`127.0.0.1:${options.port}`];
  const ports = [
    { port: options.port, what: 'Kafka', setting: 'SURGE_KAFKA_PORT' },
    { port: options.controllerPort, what: 'Kafka controller', setting: 'SURGE_KAFKA_CONTROLLER_PORT' },
  ];
  await assertPortsFree(ports);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const [javaInfo, classpath] = await Promise.all([findKafkaJava(), kafkaClasspath(cacheDir, log)]);
  const java = javaInfo.command;

  mkdirSync(path.dirname(files.serverProperties), { recursive: true });
  const properties = {
    ...kafkaProperties({ port: options.port, controllerPort: options.controllerPort, logDir: files.logDir }),
    ...options.properties,
  };
  writeFileSync(
    files.serverProperties,
    renderProperties(properties, 'Written by libs/local-infra on every start: edit the code, not this file.'),
  );
  writeFileSync(files.log4j, KAFKA_LOG4J2);

  let broker: ManagedProcess | undefined;

  const launch = async (): Promise<void> => {
    const started = Date.now();
    await formatIfNeeded(java, classpath, files, log);
    const cds = startupCache(cacheDir, 'kafka', javaInfo, `${JVM_OPTIONS.join(' ')}\n${classpath}`);
    const child = new ManagedProcess({
      name: 'kafka',
      command: java,
      args: [
        ...JVM_OPTIONS,
        ...cds.options,
        `-Dlog4j2.configurationFile=${files.log4j}`,
        `-Dkafka.logs.dir=${path.dirname(files.logFile)}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        files.serverProperties,
      ],
      output: { logFile: files.logFile },
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 30_000,
    });
    broker = child;
    void child.exited.then((exit) => cds.settle(exit));
    try {
      await waitFor('Kafka', () => brokerAnswers(brokers), {
        timeoutMs: options.readyTimeoutMs ?? 90_000,
        abortWhen: () =>
          child.exit &&
          new StackError(
            `Kafka ${describeExit(child.exit)} while starting (${logErrorLine(files.logFile)}); see ${displayPath(files.logFile)}`,
          ),
        hint: `see ${displayPath(files.logFile)}`,
      });
    } catch (error: unknown) {
      await child.stop();
      throw error;
    }
    log(`kafka ready on ${brokers.join(',')} (${seconds(Date.now() - started)})`);
  };

  const stop = async (): Promise<void> => {
    const exit = await broker?.stop();
    if (exit && exit.signal === 'SIGKILL') log('kafka did not stop in time and was killed');
  };

  const controls = partControls({
    isRunning: () => broker !== undefined && !broker.exit,
    launch: async () => {
      await assertPortsFree(ports);
      await launch();
    },
    stop,
  });
  await launch();
  return { brokers, logFile: files.logFile, ...controls };
}
