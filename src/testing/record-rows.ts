// Which row of a stream each event object in a run's outputs stands for. Outputs name events by
// row; a restored engine's events are copies decoded from checkpoint bytes, and naming a copy by
// its content would give two equal records (the same reading, sent twice) the first one's row.
// So rows are known by identity, and carried through each restore by the checkpoint's own list
// of events, which the saved and the decoded checkpoint hold in the same order.
import type { CheckpointData } from '../state/checkpoint.js';

/** Event object → its row in the stream. */
export type RecordRows = Map<object, number>;

/** The record a stream item carries: `{ event, timestamp }` items (what `runMatcher` takes) carry `event`. */
export function recordOf(item: unknown): unknown {
  if (item === null || typeof item !== 'object') return item;
  const keys = Object.keys(item);
  return keys.length === 2 && 'event' in item && 'timestamp' in item ? (item as { event: unknown }).event : item;
}

/**
 * The rows of a stream's records, by identity. Records that are not objects have no identity and
 * are left out; one object pushed twice keeps its first row (the engine cannot tell them apart either).
 */
export function rowsOfStream(items: readonly unknown[]): RecordRows {
  return rowsOfRecords(items.map(recordOf));
}

/**
 * The rows of records pushed to an engine as they are, by identity. Unlike {@link rowsOfStream}
 * it never unwraps: the engine reads a record such as `{ event: 'click', timestamp: 5 }` whole,
 * and its outputs hold that record, not its `event` field.
 */
export function rowsOfRecords(records: readonly unknown[]): RecordRows {
  const rows: RecordRows = new Map();
  records.forEach((record, row) => {
    if (typeof record === 'object' && record !== null && !rows.has(record)) rows.set(record, row);
  });
  return rows;
}

/**
 * Records that each event of `restored` (decoded from the bytes of `saved`) stands for the row of
 * the event at the same place in `saved`.
 */
export function carryRowsThroughRestore(rows: RecordRows, saved: CheckpointData, restored: CheckpointData): void {
  saved.events.forEach((event, index) => {
    const copy = restored.events[index];
    if (typeof event !== 'object' || event === null || typeof copy !== 'object' || copy === null) return;
    const row = rows.get(event);
    if (row !== undefined) rows.set(copy, row);
  });
}
