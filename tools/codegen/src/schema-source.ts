import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SchemaName, parseSchemaPath } from './naming';

export interface SchemaSource extends SchemaName {
  /** The schema exactly as written in the file (parsed JSON). */
  readonly json: Record<string, unknown>;
}

/** Builds a source from a file's path and text; throws with the file name on malformed JSON. */
export function schemaSource(file: string, text: string): SchemaSource {
  const name = parseSchemaPath(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON`, { cause: error });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${file}: a schema file must hold one JSON object (an Avro record)`);
  }
  return { ...name, json: json as Record<string, unknown> };
}

/** Every `.avsc` file under `<repoRoot>/schemas`, sorted by path so output is deterministic. */
export function readSchemaSources(repoRoot: string): SchemaSource[] {
  const files: string[] = [];
  const walk = (relDir: string): void => {
    for (const entry of readdirSync(join(repoRoot, relDir), { withFileTypes: true })) {
      const rel = `${relDir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.avsc')) files.push(rel);
    }
  };
  walk('schemas');
  return files.sort().map((file) => schemaSource(file, readFileSync(join(repoRoot, file), 'utf8')));
}
