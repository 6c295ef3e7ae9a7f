import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { type AsyncAPIDocumentInterface, type Diagnostic, Parser } from '@asyncapi/parser';

/** Parses a document as any AsyncAPI tool would: with the Avro schema parser registered. */
export async function parseAsyncApi(
  yaml: string,
): Promise<{ document: AsyncAPIDocumentInterface | undefined; diagnostics: Diagnostic[] }> {
  const parser = new Parser();
  parser.registerSchemaParser(AvroSchemaParser());
  return parser.parse(yaml);
}
