import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ORDER_PLACED_V1, producerOfEvent, type ServiceName } from '@surge/contracts';
import {
  eventually,
  findFreePort,
  produceRaw,
  type RunningSurge,
  startSurge,
  SurgeClient,
  unique,
} from '@surge/testing';
import { type Browser, type Page, chromium } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..', '..');
// Outside .surge/test, which the next run's global setup wipes: the screenshots outlive the whole CI run.
const ARTIFACTS = path.join(ROOT, '.surge', 'artifacts', 'console');
/** Debian's chromium by default (the machines' browser; playwright's own download needs the internet). */
const CHROMIUM = process.env.SURGE_CHROMIUM ?? '/usr/bin/chromium';
const SECOND = 1_000;

/**
 * The operator console end to end: the five services as processes, the console as a process from
 * dist/ pointed at them, and a real Chromium reading it. Everything the test does to the system
 * goes through the services' public REST APIs, except the poison message, which is produced to
 * Kafka as a broken producer would.
 */
describe('the operator console', () => {
  let surge: RunningSurge;
  let api: SurgeClient;
  let browser: Browser;
  let consoleApp: RunningConsole;

  beforeAll(async () => {
    surge = await startSurge();
    api = new SurgeClient(surge.urls);
    consoleApp = await startConsole(surge.urls, surge.logDir);
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set SURGE_CHROMIUM`);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await consoleApp?.stop();
    await surge?.stop();
  }, 60_000);

  /** A fresh page on the console, failing the test on any error the page's scripts throw. */
  const open = async (hash: string, url = consoleApp.url): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    pages.set(page, errors);
    await page.goto(`${url}/${hash}`);
    return page;
  };
  const pages = new Map<Page, string[]>();
  afterEach(async () => {
    const thrown = [...pages.values()].flat();
    await Promise.all([...pages.keys()].map((page) => page.close()));
    pages.clear();
    if (thrown.length > 0) throw new Error(`the page threw: ${thrown.join('; ')}`);
  });

  const aProduct = async (stock = 5) => {
    const sku = unique('CONSOLE');
    const created = await api.createProduct({
      sku,
      name: `Console kettle ${sku}`,
      unitPrice: 2_500,
      currency: 'EUR',
      stock,
    });
    expect(created.status).toBe(201);
    return sku;
  };
  const anOrder = async (sku: string, quantity: number) => {
    const placed = await api.placeOrder({
      customerId: unique('console-customer'),
      currency: 'EUR',
      items: [{ sku, quantity, unitPrice: 2_500 }],
      payment: { token: 'tok_visa' },
      shippingAddress: { country: 'US' },
    });
    expect(placed.status).toBe(202);
    return placed.body.orderId;
  };
  const confirmed = (orderId: string) =>
    eventually(
      async () => {
        const { body } = await api.order(orderId);
        expect(body.status).toBe('CONFIRMED');
        return body;
      },
      { timeoutMs: 30 * SECOND, description: `order ${orderId} CONFIRMED` },
    );

  it('shows a new order live and turns it CONFIRMED without a reload', async () => {
    const page = await open('#/orders');
    await page.locator('.live-state[data-state="live"]').waitFor({ timeout: 10 * SECOND });
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    // A reload would lose this.
    await page.evaluate(() => Object.assign(globalThis, { loadedOnce: true }));
    const product = await aProduct();
    const row = (status: string) => page.locator(`tr[data-order-id="${orderId}"][data-status="${status}"]`);
    let orderId = '';

    // Payments down holds the order at PENDING after its validations, long enough to be seen.
    await surge.stopService('payments');
    try {
      orderId = await anOrder(product, 2);

      await row('PENDING').waitFor({ timeout: 15 * SECOND });
      // The header says payments is down meanwhile.
      await page.locator('#services li[data-service="payments"].service-unreachable').waitFor({ timeout: 15 * SECOND });
    } finally {
      await surge.startService('payments');
    }
    await row('CONFIRMED').waitFor({ timeout: 45 * SECOND });

    expect(await row('CONFIRMED').locator('.badge').textContent()).toBe('CONFIRMED');
    expect(navigations).toBe(0);
    expect(await page.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    await page.locator('#services li[data-service="payments"].service-ready').waitFor({ timeout: 15 * SECOND });
    // The newest first: no order placed after it.
    expect(await page.locator('table.orders tbody tr').first().getAttribute('data-order-id')).toBe(orderId);
    await screenshot(page, 'orders');
  }, 150_000);

  it("shows an order's timeline across services with the longest hop highlighted", async () => {
    const orderId = await anOrder(await aProduct(), 1);
    await confirmed(orderId);
    await eventually(
      async () => {
        const { body } = await api.notifications(orderId);
        expect(body.length).toBeGreaterThan(0);
        return body as unknown as { createdAt: string }[];
      },
      { timeoutMs: 30 * SECOND, description: 'the confirmation notification' },
    );
    const page = await open('#/orders');

    await page.locator(`tr[data-order-id="${orderId}"]`).click();

    await page.waitForURL(`**/#/orders/${orderId}`);
    const steps = page.locator('table.timeline tbody tr');
    await page
      .locator('table.timeline tbody tr[data-event="Notification"]')
      .first()
      .waitFor({ timeout: 15 * SECOND });
    // What the services say, read after the page showed it: nothing more happens to a confirmed order.
    const { body: order } = await api.order(orderId);
    const notified = (await api.notifications(orderId)).body as unknown as { createdAt: string }[];
    expect(await steps.count()).toBe(order.timeline.length + notified.length);
    // Every event names the service that produced it; the saga crosses all five.
    const services = await Promise.all((await steps.all()).map((step) => step.getAttribute('data-service')));
    expect(new Set(services)).toEqual(new Set(['orders', 'inventory', 'fraud-detection', 'payments', 'notifications']));

    // The longest hop, computed here from the services' own answers.
    const times = [...order.timeline.map((e) => e.at), ...notified.map((n) => n.createdAt)]
      .map((at) => Date.parse(at))
      .sort((a, b) => a - b);
    const longestGap = Math.max(...times.slice(1).map((t, i) => t - times[i]));
    const highlighted = page.locator('table.timeline tbody tr[data-longest="true"]');
    expect(await highlighted.count()).toBe(1);
    const index = Number(await highlighted.getAttribute('data-index'));
    const sorted = [
      // The service that produced each event, as the catalogue says (the order's timeline names the event only).
      ...order.timeline.map((e) => ({ ...e, service: producerOfEvent(e.type) })),
      ...notified.map((n) => ({ type: 'Notification', at: n.createdAt, service: 'notifications' })),
    ]
      .map((e) => ({ ...e, time: Date.parse(e.at) }))
      .sort((a, b) => a.time - b.time);
    expect(sorted[index].time - sorted[index - 1].time).toBe(longestGap);
    expect(await highlighted.getAttribute('data-service')).toBe(sorted[index].service);
    expect(await highlighted.locator('.tag-longest').textContent()).toBe('longest hop');
    expect(await page.locator('[data-testid="longest-hop"]').textContent()).toContain(
      `${sorted[index - 1].type} → ${sorted[index].type}`,
    );
    // The services' own views of the order, next to it.
    expect(await page.locator('[data-section="fraud-detection"] .badge').first().textContent()).toBe('APPROVED');
    expect(await page.locator('[data-section="payments"] .badge').first().textContent()).toBe('AUTHORIZED');
    await screenshot(page, 'timeline');
  }, 90_000);

  it('lists a dead letter under each group that parked it, inspects it and replays it', async () => {
    const key = unique('console-poison');
    await produceRaw(ORDER_PLACED_V1, key, 'not avro, not anything');
    const page = await open('#/orders');

    await page.locator('.tabs a[data-tab="dead-letters"]').click();

    // Both consumers of orders.order-placed.v1 park it, each in its own group.
    const parked = (service: ServiceName, group: string) =>
      page.locator(
        `section.service-block[data-service="${service}"] .group[data-group="${group}"] tr[data-key="${key}"][data-replayed-from=""]`,
      );
    await parked('inventory', 'inventory').waitFor({ timeout: 45 * SECOND });
    await parked('fraud-detection', 'fraud-detection').waitFor({ timeout: 45 * SECOND });
    const original = parked('inventory', 'inventory');
    const ref = await original.getAttribute('data-ref');
    expect(ref).toMatch(/^inventory\.dead-letter:\d+:\d+$/);
    expect(await original.locator('.error-cell').textContent()).toContain('not a Confluent-framed Avro message');
    expect(await original.locator('td.mono').first().textContent()).toBe(ORDER_PLACED_V1);

    await original.getByRole('button', { name: 'Inspect' }).click();
    const inspected = page.locator(`tr[data-inspect="${ref}"]`);
    await inspected.waitFor();
    expect(await inspected.locator('pre.error-text').textContent()).toContain('not a Confluent-framed Avro message');
    expect(await inspected.textContent()).toContain('not decoded');
    expect(await inspected.locator('dd').filter({ hasText: /^1$/ }).count()).toBe(1);
    expect(await inspected.locator('pre.json').last().textContent()).toContain('{');

    await original.getByRole('button', { name: 'Replay' }).click();
    const result = original.locator('.replay-result');
    await result.and(page.locator('[data-status="202"]')).waitFor({ timeout: 15 * SECOND });
    expect(await result.textContent()).toBe(`202 · replayed to ${ORDER_PLACED_V1}`);

    // Still not Avro: the consumer parks the replay again, naming the dead letter it came from.
    const again = page.locator(
      `section.service-block[data-service="inventory"] .group[data-group="inventory"] tr[data-replayed-from="${ref}"]`,
    );
    await again.waitFor({ timeout: 60 * SECOND });
    expect(await again.getAttribute('data-key')).toBe(key);
    expect(await again.getAttribute('data-ref')).not.toBe(ref);
    expect(await again.locator('.replay-of').textContent()).toContain(ref!);
    await inspected.scrollIntoViewIfNeeded();
    await screenshot(page, 'dead-letters');
  }, 150_000);

  it("shows each group's consumer lag, and the product's stock", async () => {
    const sku = await aProduct(7);
    await confirmed(await anOrder(sku, 3));
    const page = await open('#/orders');

    await page.locator('.tabs a[data-tab="lag"]').click();
    const inventoryGroup = page.locator(
      'section.service-block[data-service="inventory"] details[data-group="inventory"]',
    );
    await inventoryGroup.waitFor({ timeout: 15 * SECOND });
    await inventoryGroup.locator('summary').click();
    const placedPartitions = inventoryGroup.locator(`tr[data-topic="${ORDER_PLACED_V1}"]`);
    await placedPartitions.first().waitFor();
    expect(await placedPartitions.count()).toBe(6);
    expect(await inventoryGroup.locator('.lag-total').textContent()).toMatch(/^lag \d+$/);
    for (const service of ['orders', 'inventory', 'payments', 'fraud-detection', 'notifications'])
      expect(await page.locator(`section.service-block[data-service="${service}"]`).getAttribute('data-state')).toBe(
        'ok',
      );
    await screenshot(page, 'lag');

    await page.locator('.tabs a[data-tab="stock"]').click();
    await page
      .locator('table.stock tbody tr')
      .first()
      .waitFor({ timeout: 15 * SECOND });
    await page.getByRole('searchbox', { name: 'Find a sku' }).fill(sku);
    await page.getByRole('button', { name: 'Find' }).click();
    const product = page.locator(`table.stock tr[data-sku="${sku}"]`);
    await product.waitFor({ timeout: 15 * SECOND });
    expect(await product.locator('[data-col="available"]').textContent()).toBe('4');
    expect(await product.locator('[data-col="reserved"]').textContent()).toBe('0');
    expect(await product.locator('[data-col="sold"]').textContent()).toBe('3');
    await page.getByRole('button', { name: 'Show all' }).click();
    await page
      .locator('table.stock tbody tr')
      .nth(1)
      .waitFor({ timeout: 15 * SECOND });
    await page.getByRole('searchbox', { name: 'Find a sku' }).fill(sku);
    await page.getByRole('button', { name: 'Find' }).click();
    await product.waitFor();
    await screenshot(page, 'stock');
  }, 90_000);

  it('shows a service that is down as such in its views, and keeps the others working', async () => {
    // Nothing listens there: notifications is down, as far as this console knows.
    const deadPort = await findFreePort();
    const partial = await startConsole({ ...surge.urls, notifications: `http://127.0.0.1:${deadPort}` }, surge.logDir);
    try {
      const page = await open('#/dead-letters', partial.url);

      const notifications = page.locator(
        'section.service-block[data-service="notifications"][data-state="unavailable"]',
      );
      await notifications.waitFor({ timeout: 15 * SECOND });
      expect(await notifications.locator('.error-box').textContent()).toContain('notifications is unavailable');
      expect(await notifications.locator('.error-box').textContent()).toContain('ECONNREFUSED');
      for (const service of ['orders', 'inventory', 'payments', 'fraud-detection'])
        await page.locator(`section.service-block[data-service="${service}"][data-state="ok"]`).waitFor();
      await page.locator('#services li[data-service="notifications"].service-unreachable').waitFor();
      await page.locator('#services li[data-service="orders"].service-ready').waitFor();
      await screenshot(page, 'service-down');

      await page.locator('.tabs a[data-tab="orders"]').click();
      await page.locator('.live-state[data-state="live"]').waitFor({ timeout: 10 * SECOND });
      expect(await page.locator('table.orders tbody tr').count()).toBeGreaterThan(0);
    } finally {
      await partial.stop();
    }
  }, 60_000);

  it('stops on SIGTERM while a browser holds its live stream open', async () => {
    const own = await startConsole(surge.urls, surge.logDir);
    const page = await open('#/orders', own.url);
    await page.locator('.live-state[data-state="live"]').waitFor({ timeout: 10 * SECOND });

    const started = Date.now();
    const exit = await own.stop();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10 * SECOND);
    await page.locator('.live-state[data-state="down"]').waitFor({ timeout: 10 * SECOND });
  }, 60_000);
});

interface RunningConsole {
  readonly url: string;
  /** SIGTERM, then the way it exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let consoles = 0;

/** The console as `npm start` runs it: node dist/apps/console/src/main.js (startSurge built dist/). */
async function startConsole(urls: Readonly<Record<ServiceName, string>>, logDir: string): Promise<RunningConsole> {
  const port = await findFreePort();
  consoles += 1;
  const logFile = path.join(logDir, `console-${consoles}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--enable-source-maps', path.join(ROOT, 'dist', 'apps', 'console', 'src', 'main.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORDERS_URL: urls.orders,
        INVENTORY_URL: urls.inventory,
        PAYMENTS_URL: urls.payments,
        FRAUD_DETECTION_URL: urls['fraud-detection'],
        NOTIFICATIONS_URL: urls.notifications,
        ORDERS_POLL_MS: '250',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`the console exited with code ${child.exitCode}; see ${logFile}`);
        const response = await fetch(`${url}/health/live`);
        expect(response.status).toBe(200);
      },
      { timeoutMs: 20 * SECOND, intervalMs: 100, description: 'the console live' },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  return {
    url,
    stop: () => {
      if (!stopping) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        stopping = exited;
      }
      return stopping;
    },
  };
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`console screenshot: ${path.relative(ROOT, file)}`);
}
