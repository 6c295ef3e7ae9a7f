const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Order ids are UUIDs (orders creates them); payments keys its tables on them. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
