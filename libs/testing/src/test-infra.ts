/**
 * The servers one test run uses, however they came to be (started here, given in SURGE_TEST_*, or containers).
 * `stop()` stops only what the run started itself.
 */
export interface TestInfra {
  kafkaBrokers: string[];
  registryUrl: string;
  postgresAdminUrl: string;
  stop(): Promise<void>;
}
