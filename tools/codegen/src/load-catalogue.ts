import { transformSync } from '@swc/core';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type * as ContractsModule from '@surge/contracts';
import type { CatalogueView } from './render-topics-doc';

type Contracts = typeof ContractsModule;

export const CONTRACTS_SRC = 'libs/contracts/src';
/** The header names and the retry/dead-letter topic naming, the one place that defines them. */
export const MESSAGING_HEADERS_SRC = 'libs/messaging/src/headers.ts';

/** The catalogue, plus what the AsyncAPI document needs besides topics: the retry tiers. */
export interface ContractsView extends CatalogueView {
  /** RETRY_DELAYS_MS: one retry topic per entry, for every consumer group. */
  readonly retryDelaysMs: readonly number[];
}

/** What docs/asyncapi.yaml needs from libs/messaging/src/headers.ts. */
export interface MessagingNames {
  readonly HEADER: Readonly<Record<string, string>>;
  readonly RETRY_HEADER: Readonly<Record<string, string>>;
  readonly DEAD_LETTER_HEADER: Readonly<Record<string, string>>;
  /** On an event replayed from a dead-letter topic; optional so the document follows headers.ts as it evolves. */
  readonly REPLAYED_FROM_HEADER?: string;
  retryTopic(group: string, tier: number): string;
  deadLetterTopic(group: string): string;
}

function transpile(code: string, filename: string): string {
  return transformSync(code, {
    filename,
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
}

/** Transpiles files into a scratch directory under node_modules/.cache, requires one, then removes them all. */
function loadTranspiled<T>(
  repoRoot: string,
  files: ReadonlyMap<string, string>,
  entry: string,
  describeFailure: string,
): T {
  const cacheDir = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(join(cacheDir, 'surge-codegen-'));
  try {
    for (const [relPath, code] of files) {
      const target = join(outDir, relPath.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, transpile(code, relPath));
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads code transpiled a moment ago
      return require(join(outDir, entry.replace(/\.ts$/, '.js'))) as T;
    } catch (error) {
      throw new Error(`${describeFailure}: ${(error as Error).message}`, { cause: error });
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Loads libs/contracts/src/catalogue.ts against the freshly generated modules, not the
 * committed ones, so that one codegen run suffices after adding a schema and its
 * catalogue entry. The sources are transpiled under node_modules/.cache so that any
 * package they import still resolves.
 */
export function loadCatalogue(repoRoot: string, generatedModules: ReadonlyMap<string, string>): ContractsView {
  const srcDir = join(repoRoot, CONTRACTS_SRC);
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(srcDir, path);
      if (entry.isDirectory()) {
        if (rel !== 'generated') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        files.set(rel, readFileSync(path, 'utf8'));
      }
    }
  };
  walk(srcDir);
  for (const [file, code] of generatedModules) files.set(join('generated', file), code);

  const contracts = loadTranspiled<Pick<Contracts, 'SERVICES' | 'CATALOGUE_BY_TOPIC' | 'RETRY_DELAYS_MS'>>(
    repoRoot,
    files,
    'catalogue.ts',
    `${CONTRACTS_SRC}/catalogue.ts could not be loaded against the generated code`,
  );
  // By topic, not the CATALOGUE array: that array maps TOPICS, so a schema without an entry
  // would appear in it as undefined instead of being reported.
  return {
    services: contracts.SERVICES,
    entries: Object.values(contracts.CATALOGUE_BY_TOPIC),
    retryDelaysMs: contracts.RETRY_DELAYS_MS,
  };
}

/**
 * Loads libs/messaging/src/headers.ts on its own (it imports nothing but types), so that the
 * AsyncAPI document names exactly the headers and failure topics the consumers write.
 */
export function loadMessagingNames(repoRoot: string): MessagingNames {
  const names = loadTranspiled<MessagingNames>(
    repoRoot,
    new Map([['headers.ts', readFileSync(join(repoRoot, MESSAGING_HEADERS_SRC), 'utf8')]]),
    'headers.ts',
    `${MESSAGING_HEADERS_SRC} could not be loaded on its own (it must import nothing but types)`,
  );
  for (const name of ['HEADER', 'RETRY_HEADER', 'DEAD_LETTER_HEADER', 'retryTopic', 'deadLetterTopic'] as const) {
    if (names[name] === undefined) throw new Error(`${MESSAGING_HEADERS_SRC} no longer exports ${name}`);
  }
  return names;
}
