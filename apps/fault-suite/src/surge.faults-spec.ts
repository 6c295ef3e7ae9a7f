import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventually, SurgeClient, unique } from '@surge/testing';
import { type FaultStack, startFaultStack } from './fault-stack';
import { type Fault, type FaultContext, type FaultPlan, PLANS, faults } from './faults';
import { type AcceptedOrder, OrderLoad, type SeededProduct } from './order-load';
import { type ReconcileContext, assertSettled, deadLetterAddress, fetchOrders, reconcile } from './reconcile';
import { type FaultRow, formatReport } from './report';

const planName = process.env.SURGE_FAULTS_PLAN === 'short' ? 'short' : 'full';
const plan: FaultPlan = PLANS[planName];
const CURRENCY = 'EUR';

/**
 * The fault-injection suite of issue 4: a steady order load against the
 * whole stack and, one fault at a time, a service killed, the broker or the
 * database restarted, the registry away, poison on every topic, every topic
 * redelivered. After each fault: heal, drain, reconcile every order so far.
 */
describe(`Surge under faults (${planName} plan)`, () => {
  let running: FaultStack;
  let api: SurgeClient;
  let context: ReconcileContext;
  const products: SeededProduct[] = [];
  const accepted: AcceptedOrder[] = [];
  const expectedDeadLetters = new Set<string>();
  const rows: FaultRow[] = [];

  beforeAll(async () => {
    running = await startFaultStack();
    api = new SurgeClient(running.surge.urls);
    for (let i = 0; i < 8; i++) {
      const product = { sku: unique('fault-sku'), unitPrice: 1_000 + 250 * i, stock: 1_000_000 };
      const created = await api.createProduct({ ...product, name: `Load product ${i}`, currency: CURRENCY });
      if (created.status !== 201) throw new Error(`product not created: ${JSON.stringify(created.body)}`);
      products.push(product);
    }
    context = {
      api,
      urls: running.surge.urls,
      kafka: running.kafka,
      codec: running.codec,
      databaseUrls: running.databaseUrls,
      products,
      expectedDeadLetters,
    };
  }, 300_000);

  afterAll(async () => {
    if (rows.length > 0) {
      const report = formatReport(planName, plan, rows);
      process.stdout.write(`\n${report}\n`);
      const file = path.join(running.stack.dataDir, 'report.md');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${report}\n`);
    }
    await running?.stop();
  }, 120_000);

  it.each(faults(plan).map((fault) => [fault.name, fault] as const))(
    'keeps every order and conserves money and stock through: %s',
    async (_name: string, fault: Fault) => {
      const load = new OrderLoad(api, { ratePerSecond: plan.ratePerSecond, products, currency: CURRENCY });
      const whileOrdersFlow = async (count: number) => {
        const target = load.attempted + count;
        await eventually(
          () => {
            if (load.attempted < target) throw new Error(`${load.attempted}/${target} orders sent`);
          },
          { timeoutMs: (count / plan.ratePerSecond) * 1_000 * 4 + 30_000, intervalMs: 50, description: 'load' },
        );
      };
      const faultContext: FaultContext = {
        surge: running.surge,
        stack: running.stack,
        kafka: running.kafka,
        whileOrdersFlow,
        expectDeadLetter: (group, original) => expectedDeadLetters.add(deadLetterAddress(group, original)),
      };

      load.start();
      let injectedAt: number;
      let healedAt: number;
      try {
        await whileOrdersFlow(plan.ordersBefore);
        injectedAt = Date.now();
        await fault.inject(faultContext);
        healedAt = Date.now();
        await whileOrdersFlow(plan.ordersAfter);
      } finally {
        await load.stop();
      }
      // A client whose request died with the service sends it again, same key: it learns its order id.
      await eventually(
        async () => {
          if (!(await load.resendUnanswered())) throw new Error(`${load.unansweredCount} request(s) unanswered`);
        },
        { timeoutMs: 120_000, intervalMs: 500, description: 'every order request answered' },
      );
      const mine = [...load.accepted.values()];
      accepted.push(...mine);

      await eventually(() => assertSettled(context, accepted), {
        timeoutMs: 240_000,
        intervalMs: 1_000,
        description: `settled after ${fault.name}`,
      });
      const settledAt = Date.now();
      const result = await reconcile(context, accepted);
      const own = await fetchOrders(api, mine);
      const sagaSeconds = [...own.values()].map(
        (order) => (Date.parse(order.updatedAt) - Date.parse(order.createdAt)) / 1_000,
      );
      rows.push({
        fault: fault.name,
        placed: mine.length,
        lost: result.lost.length,
        duplicatedEffects: result.duplicatedEffects.length + result.doubleAuthorizations.length,
        faultSeconds: (healedAt - injectedAt) / 1_000,
        recoverySeconds: (settledAt - healedAt) / 1_000,
        slowestSagaSeconds: Math.max(0, ...sagaSeconds),
      });

      expect(load.refusals).toEqual([]);
      expect(result.lost).toEqual([]);
      expect(result.duplicatedEffects).toEqual([]);
      expect(result.doubleAuthorizations).toEqual([]);
      expect(result.money.net).toBe(result.money.confirmedTotal);
      expect(result.money.balanced).toBe(true);
      expect(result.stockProblems).toEqual([]);
      expect(result.outboxBacklog).toEqual({});
      expect(result.deadLetterMismatches).toEqual([]);
      expect(result.deadConsumers).toEqual([]);
    },
    900_000,
  );
});
