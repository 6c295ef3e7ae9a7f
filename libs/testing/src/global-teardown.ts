// Jest globalTeardown: stops what global-setup.ts started (nothing when the
// endpoints were given), so a test run leaves no broker or database behind.
export default async function globalTeardown(): Promise<void> {
  const infra = globalThis.__SURGE_TEST_INFRA__;
  globalThis.__SURGE_TEST_INFRA__ = undefined;
  await infra?.stop();
}
