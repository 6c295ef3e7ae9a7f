/**
 * `npm run bench -- [options]`: a flash sale against the running stack (see
 * USAGE in options.ts and docs/performance.md). Exits 1 when the sale broke
 * an invariant (oversold, stuck, duplicated, miscounted) or a POST failed, 2
 * on a usage error.
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_HTTP_PORTS, SERVICES, type ServiceName } from '@surge/contracts';
import { DEFAULT_SUPERUSER_PASSWORD, stackConfig } from '@surge/local-infra';
import { type BenchTarget, type Progress, runBench } from './bench';
import { parseOptions, USAGE, UsageError } from './options';
import { formatReport, isCorrect } from './report';

export function targetFromEnv(env: NodeJS.ProcessEnv): BenchTarget {
  const stack = stackConfig('dev', env);
  const urls = Object.fromEntries(
    SERVICES.map((service) => {
      const variable = `${service.toUpperCase().replace(/-/g, '_')}_URL`;
      return [service, env[variable] ?? `http://127.0.0.1:${DEFAULT_HTTP_PORTS[service]}`];
    }),
  ) as Record<ServiceName, string>;
  return {
    urls,
    kafkaBrokers: (env.KAFKA_BROKERS ?? `127.0.0.1:${stack.kafka.port}`).split(','),
    registryUrl: env.SCHEMA_REGISTRY_URL ?? `http://127.0.0.1:${stack.registry.port}/apis/ccompat/v7`,
    postgresAdminUrl:
      stack.postgres.externalUrl ??
      `postgresql://postgres:${DEFAULT_SUPERUSER_PASSWORD}@127.0.0.1:${stack.postgres.port}/postgres`,
  };
}

function progressLine(progress: Progress): string {
  const bar = 30;
  const done = Math.round((progress.terminal / Math.max(1, progress.total)) * bar);
  return `[${'#'.repeat(done)}${'.'.repeat(bar - done)}] ${progress.phase}: sent ${progress.sent}/${progress.total} · answered ${progress.answered} · terminal ${progress.terminal}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const tty = process.stderr.isTTY;
  let lastPrinted = 0;
  const report = await runBench(options, targetFromEnv(process.env), (progress) => {
    if (tty) process.stderr.write(`\r${progressLine(progress)}\x1b[K`);
    else if (Date.now() - lastPrinted > 5_000 || progress.phase === 'done') {
      lastPrinted = Date.now();
      process.stderr.write(`${progressLine(progress)}\n`);
    }
  });
  if (tty) process.stderr.write('\n');
  process.stdout.write(`\n${formatReport(report)}`);
  if (options.jsonFile) {
    writeFileSync(options.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nJSON report: ${options.jsonFile}\n`);
  }
  return isCorrect(report) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${error.message}\n\n${USAGE}`);
        process.exit(2);
      }
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
