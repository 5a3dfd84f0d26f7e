import { z } from 'zod';

/**
 * A record with at most `maxEntries` keys. zod's records have no size limit
 * of their own: this adds the check, and says it as `maxProperties` in the
 * JSON Schema of the contract (and to tests/protocol/bounds.test.ts, which
 * reads it from the registry).
 */
export function boundedRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(
  key: K,
  value: V,
  maxEntries: number,
) {
  return z
    .record(key, value)
    .refine((record) => Object.keys(record).length <= maxEntries, {
      message: `at most ${maxEntries} entries`,
    })
    .meta({ maxProperties: maxEntries });
}
