import * as avro from 'avsc';

export type Compatibility = { readonly compatible: true } | { readonly compatible: false; readonly reason: string };

/**
 * Whether a consumer holding `readerSchema` can decode data written with `writerSchema`,
 * by Avro's schema resolution rules as avsc applies them (fields the reader lacks are
 * skipped, fields the writer lacks need a default, enum symbols the reader lacks need an
 * enum default). A sanity check before registering a schema; the registry's own check in
 * its compatibility mode stays the authority.
 */
export function canRead(readerSchema: object, writerSchema: object): Compatibility {
  try {
    const reader = avro.Type.forSchema(readerSchema as avro.Schema);
    reader.createResolver(avro.Type.forSchema(writerSchema as avro.Schema));
    return { compatible: true };
  } catch (error) {
    return { compatible: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** BACKWARD: consumers on the next schema can read everything written with the previous one. */
export function isBackwardCompatible(next: object, previous: object): Compatibility {
  return canRead(next, previous);
}

/** FORWARD: consumers still on the previous schema can read what producers on the next one write. */
export function isForwardCompatible(next: object, previous: object): Compatibility {
  return canRead(previous, next);
}
