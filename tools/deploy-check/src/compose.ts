import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { ROOT, repoPath } from './paths';

/** The parts of a compose service these checks read. */
export interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly context?: string; readonly args?: Record<string, string> };
  readonly command?: string[];
  readonly environment?: Record<string, string | number | boolean | null>;
  readonly ports?: string[];
  readonly depends_on?: Record<string, { readonly condition: string }>;
  readonly healthcheck?: { readonly test?: string[] };
  readonly restart?: string;
  readonly profiles?: string[];
  readonly stop_grace_period?: string;
  readonly volumes?: string[];
}

export interface ComposeFile {
  readonly services: Record<string, ComposeService>;
  readonly [key: string]: unknown;
}

/** A compose file as Compose reads it: YAML with its anchors and `<<` merges resolved. */
export function readCompose(file = repoPath('docker-compose.yml')): ComposeFile {
  return parse(readFileSync(file, 'utf8'), { merge: true }) as ComposeFile;
}

/**
 * The Compose Specification's JSON schema, as the npm package dclint ships it
 * (schemas/compose.schema.json, from github.com/compose-spec/compose-spec).
 */
function composeSpecSchema(): Record<string, unknown> {
  const file = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // It names draft-07 by an https URI Ajv does not know; Ajv validates draft-07 by default.
  delete schema.$schema;
  return schema;
}

/** A bind mount of a compose service (short syntax `./host:container[:ro]`), the host side made absolute. */
export interface BindMount {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export function bindMounts(service: ComposeService): BindMount[] {
  return (service.volumes ?? [])
    .map((volume) => volume.split(':'))
    .filter(([source]) => source.startsWith('.') || source.startsWith('/'))
    .map(([source, target, mode = '']) => ({
      source: path.resolve(ROOT, source),
      target,
      readOnly: mode.split(',').includes('ro'),
    }));
}

/** The host file a container of `service` sees at `containerPath` through a bind mount; undefined when none. */
export function hostPath(service: ComposeService, containerPath: string): string | undefined {
  for (const mount of bindMounts(service)) {
    if (containerPath === mount.target) return mount.source;
    if (containerPath.startsWith(`${mount.target}/`)) {
      return path.join(mount.source, containerPath.slice(mount.target.length + 1));
    }
  }
  return undefined;
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** The places where a compose document breaks the Compose Specification; empty when it conforms. */
export function composeSpecErrors(document: unknown): string[] {
  // The schema's own keywords (e.g. "deprecated") are not Ajv's: not strict about the schema, strict about the file.
  validator ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(composeSpecSchema());
  if (validator(document)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}

/**
 * A value with Compose's interpolation applied, as `docker compose` reads it
 * with the variables in `env` (by default none set): `${VAR}`, `$VAR`,
 * `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
 * `${VAR:+other}`, `${VAR+other}`, and `$$` for a literal `$`. `${VAR:?error}`
 * and `${VAR?error}` throw when Compose would stop.
 */
export function interpolate(value: string, env: Readonly<Record<string, string>> = {}): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_]\w*)(?:(:?)([-+?])([^}]*))?\}|\$([A-Za-z_]\w*)/g,
    (match, name: string | undefined, colon: string, operator: string | undefined, operand: string, bare?: string) => {
      if (match === '$$') return '$';
      if (bare) return env[bare] ?? '';
      const given = name === undefined ? undefined : env[name];
      const set = colon ? given !== undefined && given !== '' : given !== undefined;
      if (operator === '-') return set ? (given ?? '') : operand;
      if (operator === '+') return set ? operand : '';
      if (operator === '?') {
        if (!set) throw new Error(`compose: ${name} is required${operand ? `: ${operand}` : ''}`);
        return given ?? '';
      }
      return given ?? '';
    },
  );
}
