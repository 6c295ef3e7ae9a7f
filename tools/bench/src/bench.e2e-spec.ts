import { SERVICES } from '@surge/contracts';
import { type RunningSurge, startSurge, testInfra } from '@surge/testing';
import { type BenchReport, runBench } from './bench';
import { DEFAULT_OPTIONS } from './options';
import { formatReport, isCorrect } from './report';

/**
 * A small flash sale through the whole stack, for correctness only: the
 * benchmark's figures are never asserted against a time here (that is what
 * `npm run bench` and docs/performance.md are for).
 */
describe('npm run bench, a small sale', () => {
  let surge: RunningSurge;
  let report: BenchReport;

  beforeAll(async () => {
    surge = await startSurge();
    const admin = new URL(testInfra.adminUrl());
    report = await runBench(
      {
        ...DEFAULT_OPTIONS,
        orders: 300,
        rate: 100,
        skus: 10,
        stock: 20,
        settleTimeoutMs: 120_000,
        ceilingMessages: 5_000,
        ceilingSeconds: 2,
      },
      {
        urls: surge.urls,
        kafkaBrokers: testInfra.kafkaBrokers(),
        registryUrl: testInfra.registryUrl(),
        postgresAdminUrl: admin.toString(),
      },
    );
  }, 300_000);

  afterAll(async () => {
    await surge?.stop();
  });

  it('sells out without overselling, leaves no order stuck and does no effect twice', () => {
    expect(report.correctness).toEqual({
      oversoldUnits: 0,
      stockMismatches: [],
      stuckOrders: [],
      duplicatedEffects: [],
      failedRequests: 0,
    });
    expect(isCorrect(report)).toBe(true);
    // 10 products × 20 units against about 450 units ordered: some orders confirm, the rest find no stock.
    expect(report.outcomes).toEqual({
      CONFIRMED: expect.any(Number) as number,
      'REJECTED OUT_OF_STOCK': expect.any(Number) as number,
    });
    expect(report.outcomes.CONFIRMED + report.outcomes['REJECTED OUT_OF_STOCK']).toBe(300);
  });

  it('measures every order from its due time to its terminal event, and each hop of the confirmed ones', () => {
    expect(report.answers).toEqual({ '202': 300 });
    expect(report.offered.orders).toBe(300);
    expect(report.achieved.terminalOrders).toBe(300);
    expect(report.endToEndMs.count).toBe(300);
    expect(report.endToEndMs.max).toBeGreaterThanOrEqual(report.endToEndMs.p99);
    for (const { hop, ms } of report.hopsMs)
      expect({ hop, count: ms.count }).toEqual({ hop, count: report.outcomes.CONFIRMED });
    expect(report.kafkaMessagesPerOrder).toBeGreaterThan(2);
    expect(report.undecodableMessages).toBe(0);
    expect(report.databaseCommitsPerOrder).toBeGreaterThan(1);
  });

  it('reports lag per service group, and CPU and memory of every process of the stack', () => {
    expect(Object.keys(report.maxConsumerLag).sort()).toEqual(
      ['orders', 'inventory', 'payments', 'fraud-detection', 'notifications'].sort(),
    );
    const names = report.processes.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([...SERVICES, 'kafka', 'schema registry', 'postgresql']));
    for (const service of SERVICES) {
      const usage = report.processes.find((p) => p.name === service)!;
      expect(usage.cpuSeconds).toBeGreaterThan(0);
      expect(usage.cpuMsPerOrder).toBeGreaterThan(0);
      expect(usage.peakRssMiB).toBeGreaterThan(20);
    }
    expect(report.cpu.stackMsPerOrder).toBeGreaterThan(0);
    expect(report.cpu.cpuBoundOrdersPerSecond).toBeGreaterThan(0);
  });

  it('measures the Kafka and PostgreSQL ceilings and states the achieved rate against them', () => {
    expect(report.ceilings?.kafka.messagesPerSecond).toBeGreaterThan(0);
    expect(report.ceilings?.postgres.commitsPerSecond).toBeGreaterThan(0);
    expect(report.ceilings?.achievedOverKafka).toBeGreaterThan(0);
    expect(report.ceilings?.achievedOverPostgres).toBeGreaterThan(0);
    const text = formatReport(report);
    expect(text).toContain('oversold units');
    expect(text).toContain('achieved');
  });
});
