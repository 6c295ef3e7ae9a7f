import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatAs } from './format';
import { CONTRACTS_SRC, loadCatalogue, loadMessagingNames } from './load-catalogue';
import { buildAsyncApi, renderAsyncApiYaml } from './render-asyncapi';
import { renderAsyncApiHtml } from './render-asyncapi-html';
import { renderIndex, renderModules } from './render-index';
import { renderTopicsDoc } from './render-topics-doc';
import { readSchemaSources } from './schema-source';

export const GENERATED_DIR = `${CONTRACTS_SRC}/generated`;
export const TOPICS_DOC = 'docs/topics.md';
export const ASYNCAPI_YAML = 'docs/asyncapi.yaml';
export const ASYNCAPI_HTML = 'docs/asyncapi.html';
/** The generated files outside GENERATED_DIR. */
export const GENERATED_DOCS = [TOPICS_DOC, ASYNCAPI_YAML, ASYNCAPI_HTML] as const;

/**
 * Everything codegen owns, keyed by repository-relative path: one module per schema, the
 * generated index, docs/topics.md and the AsyncAPI document with its HTML rendering.
 * Nothing is written here.
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

  const asyncApi = buildAsyncApi({
    version: (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version,
    catalogue,
    schemas: sources,
    messaging: loadMessagingNames(repoRoot),
  });
  const asyncApiYaml = await formatAs(join(repoRoot, ASYNCAPI_YAML), renderAsyncApiYaml(asyncApi));
  outputs.set(ASYNCAPI_YAML, asyncApiYaml);
  outputs.set(ASYNCAPI_HTML, await renderAsyncApiHtml(asyncApiYaml));
  return outputs;
}
