import { existsSync } from 'node:fs';
import path from 'node:path';

/** One status line for a person; components never print anything else. */
export type Logger = (line: string) => void;

export const consoleLogger: Logger = (line) => console.log(`[stack] ${line}`);
export const silentLogger: Logger = () => undefined;

const MARKER = path.join('libs', 'local-infra', 'kafka', 'pom.xml');

let cachedRoot: string | undefined;

/**
 * The repository root, found from this file's location so the same code works
 * from `libs/local-infra/src` (Jest) and from `dist/libs/local-infra/src` (node).
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, MARKER))) return (cachedRoot = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root (no ${MARKER} above ${__dirname})`);
    dir = parent;
  }
}

/** Downloads and resolved classpaths, shared by every profile (dev, test). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(repoRoot(), env.SURGE_CACHE_DIR || path.join('.surge', 'cache'));
}

/** Shortens absolute paths under the repo in messages. */
export function displayPath(p: string): string {
  const rel = path.relative(repoRoot(), p);
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
