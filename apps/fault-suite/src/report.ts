import type { FaultPlan } from './faults';

/** One fault's line in the report. */
export interface FaultRow {
  readonly fault: string;
  /** Orders the service accepted during this fault's load. */
  readonly placed: number;
  readonly lost: number;
  /** Effects done twice (an event id per order and topic beyond the first, a second authorization). */
  readonly duplicatedEffects: number;
  /** From injecting the fault to healing it (a restart done, the registry back). */
  readonly faultSeconds: number;
  /** From healing to every order final, every outbox drained and every service ready (the load keeps running meanwhile). */
  readonly recoverySeconds: number;
  /** The longest any of this fault's orders took from placed to its last state change. */
  readonly slowestSagaSeconds: number;
}

/** A Markdown table, one row per fault, to print and to paste into docs/testing.md. */
export function formatReport(planName: string, plan: FaultPlan, rows: readonly FaultRow[]): string {
  const header = [
    `Fault suite, ${planName} plan: ${plan.ratePerSecond} orders/s, ${plan.ordersBefore} orders before each fault and ${plan.ordersAfter} after it.`,
    '',
    '| fault | orders placed | lost | duplicated effects | fault lasted (s) | recovered in (s) | slowest order (s) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const lines = rows.map(
    (row) =>
      `| ${row.fault} | ${row.placed} | ${row.lost} | ${row.duplicatedEffects} | ${row.faultSeconds.toFixed(1)} | ${row.recoverySeconds.toFixed(1)} | ${row.slowestSagaSeconds.toFixed(1)} |`,
  );
  const total = rows.reduce((sum, row) => sum + row.placed, 0);
  const lost = rows.reduce((sum, row) => sum + row.lost, 0);
  const duplicated = rows.reduce((sum, row) => sum + row.duplicatedEffects, 0);
  return [...header, ...lines, `| **all** | ${total} | ${lost} | ${duplicated} | | | |`].join('\n');
}
