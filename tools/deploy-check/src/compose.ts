import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { repoPath } from './paths';

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

let validator: ReturnType<Ajv['compile']> | undefined;

/** The places where a compose document breaks the Compose Specification; empty when it conforms. */
export function composeSpecErrors(document: unknown): string[] {
  // The schema's own keywords (e.g. "deprecated") are not Ajv's: not strict about the schema, strict about the file.
  validator ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(composeSpecSchema());
  if (validator(document)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}
