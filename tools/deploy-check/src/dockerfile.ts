import { readFileSync } from 'node:fs';
import { repoPath } from './paths';

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** A Dockerfile's instructions, continuation lines joined, comments dropped. */
export function readDockerfile(file = repoPath('Dockerfile')): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*#/.test(line) && pending === '') continue;
    const continued = /\\\s*$/.test(line);
    pending += (pending ? ' ' : '') + line.replace(/\\\s*$/, '').trim();
    if (!continued) {
      if (pending.trim()) logical.push(pending.trim());
      pending = '';
    }
  }
  return logical.map((text) => {
    const [keyword, ...rest] = text.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

/** The sources of the COPY instructions that read the build context (not `--from` a stage). */
export function contextCopySources(instructions: readonly Instruction[], args: Record<string, string>): string[] {
  const copied = instructions
    .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
    .flatMap((i) => {
      const words = i.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      return words.slice(0, -1).map((source) => substitute(source, args));
    });
  // RUN --mount=type=bind,source=<path>: read from the context like a COPY.
  const mounted = instructions
    .filter((i) => i.keyword === 'RUN')
    .flatMap((i) =>
      [...i.args.matchAll(/--mount=type=bind,(?:[^\s]*,)?source=([^,\s]+)/g)].map((m) => substitute(m[1], args)),
    );
  return [...copied, ...mounted];
}

function substitute(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string, bare: string) => {
    const name = braced ?? bare;
    if (!(name in args)) throw new Error(`Dockerfile uses \${${name}} with no value given`);
    return args[name];
  });
}

interface IgnorePattern {
  readonly regex: RegExp;
  readonly exception: boolean;
}

/** .dockerignore's patterns (Docker's rules: the last pattern that matches a path or a parent of it wins). */
export function readDockerignore(file = repoPath('.dockerignore')): IgnorePattern[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const exception = line.startsWith('!');
      const pattern = (exception ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
      return { regex: globRegex(pattern), exception };
    });
}

function globRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether the build context leaves out this path (relative to the repository root). */
export function isIgnored(file: string, patterns: readonly IgnorePattern[]): boolean {
  const parts = file.split('/');
  const selfAndParents = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    if (selfAndParents.some((candidate) => pattern.regex.test(candidate))) ignored = !pattern.exception;
  }
  return ignored;
}
