import { transformSync } from '@swc/core';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { CatalogueView } from './render-topics-doc';

type Contracts = typeof import('@surge/contracts');

export const CONTRACTS_SRC = 'libs/contracts/src';

function transpile(code: string, filename: string): string {
  return transformSync(code, {
    filename,
    swcrc: false,
    configFile: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
}

/**
 * Loads libs/contracts/src/catalogue.ts against the freshly generated modules, not the
 * committed ones, so that one codegen run suffices after adding a schema and its
 * catalogue entry. The sources are transpiled under node_modules/.cache so that any
 * package they import still resolves.
 */
export function loadCatalogue(repoRoot: string, generatedModules: ReadonlyMap<string, string>): CatalogueView {
  const cacheDir = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const outDir = mkdtempSync(join(cacheDir, 'surge-codegen-'));
  try {
    const srcDir = join(repoRoot, CONTRACTS_SRC);
    const emit = (relPath: string, code: string): void => {
      const target = join(outDir, relPath.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, transpile(code, relPath));
    };
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        const rel = relative(srcDir, path);
        if (entry.isDirectory()) {
          if (rel !== 'generated') walk(path);
        } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
          emit(rel, readFileSync(path, 'utf8'));
        }
      }
    };
    walk(srcDir);
    for (const [file, code] of generatedModules) emit(join('generated', file), code);

    let contracts: Pick<Contracts, 'SERVICES' | 'CATALOGUE_BY_TOPIC'>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads code transpiled a moment ago
      contracts = require(join(outDir, 'catalogue.js')) as Contracts;
    } catch (error) {
      throw new Error(
        `${CONTRACTS_SRC}/catalogue.ts could not be loaded against the generated code: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    // By topic, not the CATALOGUE array: that array maps TOPICS, so a schema without an entry
    // would appear in it as undefined instead of being reported.
    return { services: contracts.SERVICES, entries: Object.values(contracts.CATALOGUE_BY_TOPIC) };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
