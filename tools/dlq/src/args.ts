import type { DeadLetterFilter } from '@surge/messaging';

export type DlqCommand =
  | { readonly command: 'list'; readonly filter: DeadLetterFilter }
  | { readonly command: 'inspect'; readonly ref: string }
  | { readonly command: 'replay'; readonly filter: DeadLetterFilter; readonly refs: readonly string[] };

export const USAGE = `usage: npm run dlq -- <command>
  list    [--group G]... [--topic T] [--since ISO] [--until ISO]   dead letters, oldest first
  inspect <ref>                                                     one dead letter, decoded
  replay  [--group G]... [--topic T] [--since ISO] [--until ISO] [--ref R]...
          sends the matching dead letters back to their original topics
A ref is <dead-letter topic>:<partition>:<offset>, as list prints it.
Environment: KAFKA_BROKERS (default 127.0.0.1:9092), SCHEMA_REGISTRY_URL
(default http://127.0.0.1:8081/apis/ccompat/v7).`;

export class UsageError extends Error {}

/** Parses the command line; throws UsageError naming what is wrong. */
export function parseArgs(argv: readonly string[]): DlqCommand {
  const [command, ...rest] = argv;
  if (command === 'inspect') {
    if (rest.length !== 1 || !isRef(rest[0]))
      throw new UsageError('inspect takes one ref: <topic>:<partition>:<offset>');
    return { command, ref: rest[0] };
  }
  if (command !== 'list' && command !== 'replay') throw new UsageError(`unknown command ${command ?? '(none)'}`);
  const groups: string[] = [];
  const refs: string[] = [];
  let topic: string | undefined;
  let since: Date | undefined;
  let until: Date | undefined;
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--group') groups.push(value);
    else if (flag === '--topic') topic = value;
    else if (flag === '--since') since = parseDate(flag, value);
    else if (flag === '--until') until = parseDate(flag, value);
    else if (flag === '--ref' && command === 'replay') {
      if (!isRef(value)) throw new UsageError(`--ref ${value}: expected <topic>:<partition>:<offset>`);
      refs.push(value);
    } else throw new UsageError(`unknown option ${flag}`);
  }
  const filter: DeadLetterFilter = { groups, originalTopic: topic, since, until };
  return command === 'list' ? { command, filter } : { command, filter, refs };
}

function parseDate(flag: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} ${value}: expected an ISO 8601 time`);
  return date;
}

function isRef(value: string): boolean {
  return /^[\w.-]+:\d+:\d+$/.test(value);
}
