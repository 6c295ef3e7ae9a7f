import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { findFreePort, type RunningKafka, silentLogger, startKafka } from '@surge/local-infra';

/**
 * A broker of the test's own, on free ports, for tests that stop and restart
 * it: the shared broker of the run must stay up for every other test.
 */
export async function startSpareKafka(): Promise<RunningKafka> {
  const root = path.resolve(__dirname, '../../..', '.surge', 'test');
  mkdirSync(root, { recursive: true });
  const dataDir = mkdtempSync(path.join(root, 'spare-kafka-'));
  const [port, controllerPort] = [await findFreePort(), await findFreePort()];
  return startKafka({ dataDir, port, controllerPort, log: silentLogger });
}
