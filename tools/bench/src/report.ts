import type { BenchReport } from './bench';
import type { Distribution } from './stats';

const ms = (value: number) => `${Math.round(value)} ms`;
const percentiles = (d: Distribution) =>
  d.count === 0 ? 'no samples' : `p50 ${ms(d.p50)} · p95 ${ms(d.p95)} · p99 ${ms(d.p99)} · max ${ms(d.max)}`;

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

const counts = (record: Readonly<Record<string, number>>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ') || 'none';

/** The report as a person reads it: one section per question. */
export function formatReport(report: BenchReport): string {
  const { offered, achieved, correctness, ceilings } = report;
  const sections = [
    `Surge flash sale ${report.runId}: ${offered.orders} orders on ${report.options.skus} products × ${report.options.stock} units`,
    table([
      [
        'offered',
        `${offered.ratePerSecond} orders/s over ${offered.seconds} s (${report.options.rate === undefined ? `as fast as ${report.options.concurrency} clients go` : 'open model'})`,
      ],
      ['answers', counts(report.answers)],
      [
        'terminal',
        `${achieved.terminalOrders} orders, ${achieved.terminalPerSecond} orders/s (first due to last terminal: ${achieved.seconds} s)`,
      ],
      ['outcomes', counts(report.outcomes)],
      ['end to end', percentiles(report.endToEndMs)],
    ]),
    'Time per hop (confirmed orders)',
    table(report.hopsMs.map(({ hop, ms: d }) => [hop, percentiles(d)])),
    'Consumer groups: largest lag seen (messages)',
    table(Object.entries(report.maxConsumerLag).map(([group, lag]) => [group, String(lag)])),
    'Processes: CPU during the sale, peak RSS',
    report.processes.length === 0
      ? '  not measured (needs Linux /proc and the stack on this machine)'
      : table([
          ...report.processes.map((p): [string, string] => [
            p.name,
            `${p.cpuSeconds} s CPU (${p.cpuMsPerOrder} ms per order) · peak ${p.peakRssMiB} MiB`,
          ]),
          [
            'the stack',
            `${report.cpu.stackMsPerOrder} ms CPU per order: ${report.cpu.cores} cores sustain ${report.cpu.cpuBoundOrdersPerSecond} orders/s at that cost`,
          ],
          ['the benchmark', `${report.cpu.benchSeconds} s CPU`],
        ]),
    'Per order',
    table([
      ['Kafka messages', String(report.kafkaMessagesPerOrder)],
      ['database commits', `${report.databaseCommitsPerOrder} (idle polling included)`],
      ['undecodable messages', String(report.undecodableMessages)],
    ]),
    'Correctness',
    table([
      ['oversold units', String(correctness.oversoldUnits)],
      [
        'stuck orders',
        `${correctness.stuckOrders.length}${correctness.stuckOrders.length ? ` (e.g. ${correctness.stuckOrders[0]})` : ''}`,
      ],
      [
        'duplicated effects',
        `${correctness.duplicatedEffects.length}${correctness.duplicatedEffects.length ? ` (e.g. ${correctness.duplicatedEffects[0]})` : ''}`,
      ],
      [
        'stock mismatches',
        `${correctness.stockMismatches.length}${correctness.stockMismatches.length ? ` (e.g. ${correctness.stockMismatches[0]})` : ''}`,
      ],
      ['failed requests', String(correctness.failedRequests)],
    ]),
  ];
  if (report.ceilingError) sections.push(`Ceilings not measured: ${report.ceilingError}`);
  if (ceilings)
    sections.push(
      'Ceilings on this machine (measured after the sale, same broker and server)',
      table([
        [
          'Kafka',
          `${ceilings.kafka.messagesPerSecond} messages/s produced and consumed (${ceilings.kafka.valueBytes} B) = ${ceilings.kafka.ordersPerSecond} orders/s · achieved ${(ceilings.achievedOverKafka * 100).toFixed(1)} %`,
        ],
        [
          'PostgreSQL',
          `${ceilings.postgres.commitsPerSecond} commits/s from ${ceilings.postgres.clients} clients = ${ceilings.postgres.ordersPerSecond} orders/s · achieved ${(ceilings.achievedOverPostgres * 100).toFixed(1)} %`,
        ],
      ]),
    );
  return sections.join('\n\n') + '\n';
}

/** True when the sale broke no invariant (nothing oversold, stuck, duplicated or miscounted) and every order was accepted. */
export function isCorrect(report: BenchReport): boolean {
  const { correctness } = report;
  return (
    correctness.oversoldUnits === 0 &&
    correctness.stuckOrders.length === 0 &&
    correctness.duplicatedEffects.length === 0 &&
    correctness.stockMismatches.length === 0 &&
    correctness.failedRequests === 0
  );
}
