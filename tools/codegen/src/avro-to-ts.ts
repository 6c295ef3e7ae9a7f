import * as avro from 'avsc';
import { screamingSnakeCase } from './naming';
import { type SchemaSource } from './schema-source';

/** What one `.avsc` file becomes: a TypeScript module and the names it exports. */
export interface RenderedModule {
  readonly source: SchemaSource;
  /** Module text before formatting. */
  readonly code: string;
  /** Top-level interface of the event, e.g. `OrderPlacedV1`. */
  readonly interfaceName: string;
  /** Constant holding the schema object, e.g. `OrderPlacedV1Schema`. */
  readonly schemaConst: string;
  /** Every name the module exports, to detect clashes in the generated index. */
  readonly exportedNames: readonly string[];
}

export const GENERATED_BY = 'npm run codegen';

export function headerFor(what: string): string {
  return `// generated from ${what} by ${GENERATED_BY} — do not edit`;
}

/**
 * Stands in for any logical type while rendering, so that the renderer sees the logical
 * type's name. Values pass through unchanged, which is also what the services see at run
 * time: they parse schemas without `logicalTypes`, so avsc decodes e.g. timestamp-millis as
 * a plain number of epoch milliseconds.
 */
class PassThroughLogicalType extends avro.types.LogicalType {
  protected override _fromValue(value: unknown): unknown {
    return value;
  }
  protected override _toValue(value: unknown): unknown {
    return value;
  }
  protected override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    return avro.Type.isType(type, this.underlyingType.typeName) ? (value) => value : undefined;
  }
}

const ANY_LOGICAL_TYPE = new Proxy<Record<string, typeof PassThroughLogicalType>>(
  {},
  { get: () => PassThroughLogicalType },
);

/** Comment appended to a logical type's TypeScript type; the value itself is the underlying type's. */
const LOGICAL_TYPE_NOTES: Readonly<Record<string, string>> = {
  'timestamp-millis': 'epoch millis',
  'timestamp-micros': 'epoch micros',
  'local-timestamp-millis': 'local millis',
  'local-timestamp-micros': 'local micros',
  'time-millis': 'millis of day',
  'time-micros': 'micros of day',
  date: 'days since epoch',
};

interface AvroField {
  readonly name: string;
  readonly type: avro.Type;
  readonly doc?: string;
  defaultValue(): unknown;
}

function fieldsOf(type: avro.Type): readonly AvroField[] {
  return (type as avro.types.RecordType).fields;
}

function childTypes(type: avro.Type): avro.Type[] {
  if (avro.Type.isType(type, 'record', 'error')) return fieldsOf(type).map((field) => field.type);
  if (avro.Type.isType(type, 'array')) return [(type as avro.types.ArrayType).itemsType];
  if (avro.Type.isType(type, 'map')) return [(type as avro.types.MapType).valuesType as avro.Type];
  if (avro.Type.isType(type, 'union')) return [...(type as avro.types.UnwrappedUnionType).types];
  if (avro.Type.isType(type, 'logical')) return [(type as avro.types.LogicalType).underlyingType];
  return [];
}

function walk(root: avro.Type, visit: (type: avro.Type) => void): void {
  const seen = new Set<avro.Type>();
  const go = (type: avro.Type): void => {
    if (seen.has(type)) return;
    seen.add(type);
    visit(type);
    childTypes(type).forEach(go);
  };
  go(root);
}

/**
 * Checks what the generated types rely on, parsing the schema exactly as the services do
 * (avsc defaults, as used by @kafkajs/confluent-schema-registry): it must be a valid record
 * with the name and namespace its path implies, every field and named type must have a
 * doc, and no union may be one that avsc would wrap (its values would not match the types).
 */
export function validateSchema(source: SchemaSource): void {
  const { file, json } = source;
  let runtimeType: avro.Type;
  try {
    runtimeType = avro.Type.forSchema(json as unknown as avro.Schema);
  } catch (error) {
    throw new Error(`${file}: invalid Avro schema: ${(error as Error).message}`, { cause: error });
  }
  const problems: string[] = [];
  if (json['type'] !== 'record') problems.push(`top-level type must be "record", not ${JSON.stringify(json['type'])}`);
  if (json['name'] !== source.recordName) {
    problems.push(
      `record name must be "${source.recordName}" (from the file name), not ${JSON.stringify(json['name'])}`,
    );
  }
  if (json['namespace'] !== source.namespace) {
    problems.push(
      `namespace must be "${source.namespace}" (from the producer directory), not ${JSON.stringify(json['namespace'])}`,
    );
  }
  walk(runtimeType, (type) => {
    if (avro.Type.isType(type, 'union:wrapped')) {
      problems.push(
        `union ${JSON.stringify(type.schema())} is ambiguous, so avsc would wrap its values ({ branch: value }); use at most one branch per kind (number, string, object, ...)`,
      );
    }
    if (type.name !== undefined && !type.doc) problems.push(`named type ${type.name} has no doc`);
    if (avro.Type.isType(type, 'record', 'error')) {
      for (const field of fieldsOf(type)) {
        if (!field.doc) problems.push(`field ${type.name}.${field.name} has no doc`);
      }
    }
  });
  if (problems.length > 0) throw new Error(`${file}:\n  - ${problems.join('\n  - ')}`);
}

function jsDoc(lines: readonly string[], indent = ''): string {
  const body = lines.flatMap((line) => (line === '' ? [''] : wrap(line.replace(/\*\//g, '*\\/'), 96)));
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((line) => `${indent} *${line ? ` ${line}` : ''}`).join('\n')}\n${indent} */\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

/** Renders one schema into a module exporting its topic, its types and its schema object. */
export function renderSchemaModule(source: SchemaSource): RenderedModule {
  validateSchema(source);
  const type = avro.Type.forSchema(source.json as unknown as avro.Schema, { logicalTypes: ANY_LOGICAL_TYPE });
  const suffix = source.typeSuffix;
  const declarations: string[] = [];
  const exportedNames: string[] = [];
  const tsNameByAvroName = new Map<string, string>();

  const declareName = (avroName: string): string => {
    const tsName = `${shortName(avroName)}${suffix}`;
    const clash = [...tsNameByAvroName].find(([other, ts]) => ts === tsName && other !== avroName);
    if (clash)
      throw new Error(`${source.file}: ${avroName} and ${clash[0]} would both be named ${tsName} in TypeScript`);
    tsNameByAvroName.set(avroName, tsName);
    exportedNames.push(tsName);
    return tsName;
  };

  const renderType = (t: avro.Type): string => {
    if (avro.Type.isType(t, 'logical')) {
      const logical = t as avro.types.LogicalType;
      const logicalName = t.typeName.slice('logical:'.length);
      return `${renderType(logical.underlyingType)} /* ${LOGICAL_TYPE_NOTES[logicalName] ?? logicalName} */`;
    }
    switch (t.typeName) {
      case 'null':
        return 'null';
      case 'boolean':
        return 'boolean';
      case 'int':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'bytes':
        return 'Buffer';
      case 'string':
        return 'string';
      case 'array': {
        const items = renderType((t as avro.types.ArrayType).itemsType);
        return /^[\w.]+$/.test(items) ? `${items}[]` : `Array<${items}>`;
      }
      case 'map':
        return `Record<string, ${renderType((t as avro.types.MapType).valuesType as avro.Type)}>`;
      case 'union:unwrapped': {
        const branches = (t as avro.types.UnwrappedUnionType).types;
        const ordered = [
          ...branches.filter((b) => b.typeName !== 'null'),
          ...branches.filter((b) => b.typeName === 'null'),
        ];
        return ordered.map(renderType).join(' | ');
      }
      case 'record':
      case 'error':
      case 'enum':
      case 'fixed':
        return tsNameByAvroName.get(t.name as string) ?? declareNamed(t);
      default:
        throw new Error(`${source.file}: Avro type ${t.typeName} is not supported by codegen`);
    }
  };

  const declareNamed = (t: avro.Type): string => {
    const tsName = declareName(t.name as string);
    const slot = declarations.push('') - 1; // parent before the types it refers to
    const doc = t.doc ?? '';
    if (avro.Type.isType(t, 'enum')) {
      const symbols = (t as avro.types.EnumType).symbols;
      const fallback = (t as unknown as { default?: string }).default;
      const symbolsConst = `${screamingSnakeCase(shortName(t.name as string))}_${suffix}_SYMBOLS`;
      exportedNames.push(symbolsConst);
      const notes =
        fallback === undefined ? [] : ['', `A reader whose schema lacks a symbol reads it as \`${fallback}\`.`];
      declarations[slot] =
        jsDoc([doc, ...notes]) +
        `export type ${tsName} = ${symbols.map((s) => `'${s}'`).join(' | ')};\n\n` +
        jsDoc([`Symbols of {@link ${tsName}}, in schema order.`]) +
        `export const ${symbolsConst} = [${symbols.map((s) => `'${s}'`).join(', ')}] as const satisfies readonly ${tsName}[];\n`;
    } else if (avro.Type.isType(t, 'fixed')) {
      declarations[slot] =
        jsDoc([doc, '', `${(t as avro.types.FixedType).size} bytes.`]) + `export type ${tsName} = Buffer;\n`;
    } else {
      const members = fieldsOf(t).map((field) => {
        const fieldType = renderType(field.type);
        const units = /minor units/i.test(field.doc ?? '') ? ' /* minor units */' : '';
        const fallback = field.defaultValue();
        const notes = fallback === undefined ? [] : ['', `@defaultValue ${JSON.stringify(fallback)}`];
        return jsDoc([field.doc ?? '', ...notes], '  ') + `  ${field.name}: ${fieldType}${units};\n`;
      });
      declarations[slot] = jsDoc([doc]) + `export interface ${tsName} {\n${members.join('')}}\n`;
    }
    return tsName;
  };

  const interfaceName = renderType(type);
  const schemaConst = `${interfaceName}Schema`;
  exportedNames.push(source.topicConst, schemaConst);

  const code = [
    `${headerFor(source.file)}\n`,
    jsDoc([`Kafka topic of {@link ${interfaceName}} events.`]) +
      `export const ${source.topicConst} = '${source.topic}' as const;\n`,
    ...declarations,
    jsDoc([`Avro schema of {@link ${interfaceName}}, as written in ${source.file}.`]) +
      `export const ${schemaConst} = ${JSON.stringify(source.json, null, 2)} as const;\n`,
  ].join('\n');

  return { source, code, interfaceName, schemaConst, exportedNames };
}
