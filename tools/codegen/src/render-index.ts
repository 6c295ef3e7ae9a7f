import { type RenderedModule, headerFor, renderSchemaModule } from './avro-to-ts';
import { type SchemaSource } from './schema-source';

/** Renders every schema, refusing two schemas that would export the same name or topic. */
export function renderModules(sources: readonly SchemaSource[]): RenderedModule[] {
  const modules = sources.map(renderSchemaModule);
  const owners = new Map<string, string>();
  const clashes: string[] = [];
  for (const module of modules) {
    for (const name of [
      ...module.exportedNames,
      `topic ${module.source.topic}`,
      `module ${module.source.moduleFile}`,
    ]) {
      const owner = owners.get(name);
      if (owner) clashes.push(`${name} is defined by both ${owner} and ${module.source.file}`);
      else owners.set(name, module.source.file);
    }
  }
  if (clashes.length > 0) {
    throw new Error(`generated names must be unique across schemas:\n  - ${clashes.join('\n  - ')}`);
  }
  return modules;
}

/** The generated index: re-exports every module and maps topics to their event types and schemas. */
export function renderIndex(modules: readonly RenderedModule[]): string {
  const importPath = (module: RenderedModule): string => `./${module.source.moduleFile.replace(/\.ts$/, '')}`;
  const perTopic = (render: (module: RenderedModule) => string): string =>
    modules.map((module) => `  [${module.source.topicConst}]: ${render(module)},\n`).join('');

  return [
    `${headerFor('schemas/**/*.avsc')}\n`,
    modules
      .map((m) => `import { ${m.source.topicConst}, ${m.interfaceName}, ${m.schemaConst} } from '${importPath(m)}';\n`)
      .join(''),
    modules.map((m) => `export * from '${importPath(m)}';\n`).join(''),
    `/** The event type carried by each topic. */\nexport interface EventsByTopic {\n${modules
      .map((m) => `  [${m.source.topicConst}]: ${m.interfaceName};\n`)
      .join('')}}\n`,
    `/** Every topic that has a schema. */\nexport type Topic = keyof EventsByTopic;\n`,
    `/** Every topic, in schema path order. */\nexport const TOPICS = [\n${modules
      .map((m) => `  ${m.source.topicConst},\n`)
      .join('')}] as const satisfies readonly Topic[];\n`,
    `/** The Avro schema of each topic's values, for registering and encoding without reading schemas/. */\n` +
      `export const SCHEMAS_BY_TOPIC: { [T in Topic]: object } = {\n${perTopic((m) => m.schemaConst)}};\n`,
    `/** The repository path of each topic's schema file. */\n` +
      `export const SCHEMA_FILES_BY_TOPIC: { [T in Topic]: string } = {\n${perTopic((m) => `'${m.source.file}'`)}};\n`,
    `/** The service that produces each topic: the directory of its schema under schemas/. */\n` +
      `export const PRODUCERS_BY_TOPIC = {\n${perTopic((m) => `'${m.source.producer}'`)}} as const satisfies { [T in Topic]: string };\n`,
  ].join('\n');
}
