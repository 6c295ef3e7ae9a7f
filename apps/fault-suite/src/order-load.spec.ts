import { type OrderKind, orderKind } from './order-load';
import { formatReport } from './report';
import { PLANS } from './faults';

describe('the fault load', () => {
  it('mixes paying, declined, unknown-sku and cancelled orders in a fixed proportion', () => {
    const counts = new Map<OrderKind, number>();
    for (let n = 0; n < 200; n++) counts.set(orderKind(n), (counts.get(orderKind(n)) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      PAYS: 160,
      DECLINED: 10,
      UNKNOWN_SKU: 10,
      CANCELLED_BY_CUSTOMER: 20,
    });
  });
});

describe('the fault report', () => {
  it('has a row per fault and a total', () => {
    const report = formatReport('short', PLANS.short, [
      {
        fault: 'SIGKILL orders',
        placed: 40,
        lost: 0,
        duplicatedEffects: 0,
        faultSeconds: 2.04,
        recoverySeconds: 5.56,
        slowestSagaSeconds: 3.2,
      },
      {
        fault: 'restart Kafka broker',
        placed: 38,
        lost: 0,
        duplicatedEffects: 0,
        faultSeconds: 9,
        recoverySeconds: 12,
        slowestSagaSeconds: 14,
      },
    ]);
    const lines = report.split('\n');
    expect(lines).toContain('| SIGKILL orders | 40 | 0 | 0 | 2.0 | 5.6 | 3.2 |');
    expect(lines).toContain('| restart Kafka broker | 38 | 0 | 0 | 9.0 | 12.0 | 14.0 |');
    expect(lines.at(-1)).toBe('| **all** | 78 | 0 | 0 | | | |');
  });
});
