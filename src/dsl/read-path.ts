// Reading a field path out of a JSON-like record, defensively: a missing step of the path, a
// non-object, an index into a non-list, or an inherited member gives `undefined`, never a throw.
import { toTimestamp } from '../runtime/record-fields.js';
import type { PathSegment } from './expression.js';

/** Whether a value counts as absent: missing (`undefined`) or `null`. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

// Reading `constructor` or `__proto__` of a record must not find Object.prototype's members.
const INHERITED = new Set<string>([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Array.prototype)]);

function readKey(value: unknown, key: PathSegment): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (typeof key === 'number') return Array.isArray(value) ? value[key] : undefined;
  if (INHERITED.has(key) && !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/**
 * A reader for a field path: `undefined` wherever the path does not exist. `time` fields read
 * ISO-8601 text and Dates as epoch milliseconds (`undefined` when they are not dates).
 */
export function pathReader(path: readonly PathSegment[], time: boolean): (record: unknown) => unknown {
  const plain = plainReader(path);
  if (!time) return plain;
  return (record) => {
    const v = plain(record);
    if (typeof v === 'number' || v === undefined || v === null) return v;
    const read = toTimestamp(v);
    return read.ok ? read.value : undefined;
  };
}

function plainReader(path: readonly PathSegment[]): (record: unknown) => unknown {
  if (path.length === 1) {
    const key = path[0]!;
    if (typeof key === 'string' && !INHERITED.has(key)) {
      return (record) => (record !== null && typeof record === 'object' ? (record as Record<string, unknown>)[key] : undefined);
    }
    return (record) => readKey(record, key);
  }
  return (record) => {
    let value: unknown = record;
    for (const key of path) value = readKey(value, key);
    return value;
  };
}
