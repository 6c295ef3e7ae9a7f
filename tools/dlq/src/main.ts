/**
 * Dead-letter tooling: `npm run dlq -- list | inspect | replay` (see USAGE).
 * Reads the `<group>.dead-letter` topics; replay sends messages back to the
 * topic they came from, where the consumer's inbox ignores what already took
 * effect.
 */
import { type Topic, TOPICS } from '@surge/contracts';
import { AvroCodec, createKafka, type DeadLetter, readDeadLetters, replayDeadLetters } from '@surge/messaging';
import { parseArgs, USAGE, UsageError } from './args';

async function main(argv: readonly string[]): Promise<void> {
  const command = parseArgs(argv);
  const kafka = createKafka('surge-dlq', (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','));
  if (command.command === 'list') {
    const letters = await readDeadLetters(kafka, command.filter);
    for (const letter of letters) console.log(summary(letter));
    console.log(`${letters.length} dead letter(s)`);
    return;
  }
  if (command.command === 'inspect') {
    const [topic] = command.ref.split(':');
    const letter = (await readDeadLetters(kafka, { groups: [topic.replace(/\.dead-letter$/, '')] })).find(
      (l) => l.ref === command.ref,
    );
    if (!letter) throw new UsageError(`no dead letter ${command.ref}`);
    console.log(JSON.stringify(await describe(letter), null, 2));
    return;
  }
  const all = await readDeadLetters(kafka, command.filter);
  const chosen = command.refs.length ? all.filter((l) => command.refs.includes(l.ref)) : all;
  const replayed = await replayDeadLetters(kafka, chosen);
  console.log(`replayed ${replayed} dead letter(s)`);
}

function summary(letter: DeadLetter): string {
  return [
    letter.ref,
    letter.failedAt.toISOString(),
    `${letter.original.topic}:${letter.original.partition}:${letter.original.offset}`,
    `key=${letter.key ?? '-'}`,
    `attempts=${letter.attempts}`,
    letter.error,
  ].join('  ');
}

/** The dead letter with its payload decoded when it is a readable event, as text otherwise. */
async function describe(letter: DeadLetter): Promise<object> {
  const { value, ...rest } = letter;
  let payload: unknown = value?.toString('utf8') ?? null;
  if (value && (TOPICS as readonly string[]).includes(letter.original.topic)) {
    const codec = AvroCodec.connect(process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7');
    payload = await codec.decode(letter.original.topic as Topic, value).catch((error: unknown) => ({
      undecodable: String(error),
      base64: value.toString('base64'),
    }));
  }
  return { ...rest, payload };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
