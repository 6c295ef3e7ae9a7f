import { join } from 'node:path';
import { formatAs } from './format';
import { CONTRACTS_SRC, loadCatalogue } from './load-catalogue';
import { renderIndex, renderModules } from './render-index';
import { renderTopicsDoc } from './render-topics-doc';
import { readSchemaSources } from './schema-source';

export const GENERATED_DIR = `${CONTRACTS_SRC}/generated`;
export const TOPICS_DOC = 'docs/topics.md';

/**
 * Everything codegen owns, keyed by repository-relative path: one module per schema, the
 * generated index, and docs/topics.md. Nothing is written here.
 */
export async function generate(repoRoot: string): Promise<Map<string, string>> {
  const sources = readSchemaSources(repoRoot);
  if (sources.length === 0) throw new Error(`no .avsc file under ${join(repoRoot, 'schemas')}`);
  const modules = renderModules(sources);

  const raw = new Map<string, string>(modules.map((m) => [m.source.moduleFile, m.code]));
  raw.set('index.ts', renderIndex(modules));
  const catalogue = loadCatalogue(repoRoot, raw);
  const topicsDoc = renderTopicsDoc(
    catalogue,
    sources.map((s) => ({
      topic: s.topic,
      topicConst: s.topicConst,
      producer: s.producer,
      file: s.file,
      recordName: s.recordName,
      doc: typeof s.json['doc'] === 'string' ? s.json['doc'] : '',
    })),
  );

  const outputs = new Map<string, string>();
  for (const [file, code] of raw) {
    const path = `${GENERATED_DIR}/${file}`;
    outputs.set(path, await formatAs(join(repoRoot, path), code));
  }
  outputs.set(TOPICS_DOC, await formatAs(join(repoRoot, TOPICS_DOC), topicsDoc));
  return outputs;
}
