// Counter-examples people can read: a stream as a compact table (one row per event: position,
// timestamp, key, fields) and outputs as rows that point back at those positions.
import { Watermark } from '../runtime/engine.js';
import type { EngineOutput } from '../runtime/outputs.js';
import type { MatchedEvents, MatcherOutput } from '../nfa/outputs.js';
import { counted } from '../text/counted.js';
import { recordOf, rowsOfStream, type RecordRows } from './record-rows.js';

/** Which columns a table shows; anything left out is guessed from the events. */
export interface TableLayout {
  /** Field holding event time (default: the first of `timestamp`, `ts`, `time`, `eventTime` present). */
  readonly timestamp?: string;
  /** Field holding the key (default: `key` when present). */
  readonly key?: string;
  /** Other columns, in order (default: every other field, in the order first seen). */
  readonly fields?: readonly string[];
}

const layouts = new WeakMap<object, TableLayout>();

/**
 * Remembers how a generated stream is best printed (the kit's stream arbitraries call it), so
 * that a counter-example shows its time and key columns first without guessing. Returns `events`.
 */
export function withTableLayout<T extends readonly unknown[]>(events: T, layout: TableLayout): T {
  layouts.set(events, layout);
  return events;
}

/** The layout registered for `events` by {@link withTableLayout}, if any. */
export function tableLayoutOf(events: readonly unknown[]): TableLayout | undefined {
  return layouts.get(events);
}

const TIME_FIELDS = ['timestamp', 'ts', 'time', 'eventTime'];
const MAX_ROWS = 60;
const MAX_CELL = 32;

interface Row {
  readonly time: unknown;
  readonly record: unknown;
  readonly watermark: boolean;
}

/** `{ event, timestamp }` items (what `runMatcher` and `referenceMatches` take). */
function isTimedEvent(item: unknown): item is { event: unknown; timestamp: number } {
  return item !== null && typeof item === 'object' && recordOf(item) !== item;
}

/**
 * Whether `value` reads well as an event table: a non-empty array of records (plain objects,
 * `{ event, timestamp }` items or watermarks).
 */
export function isEventList(value: unknown): value is readonly object[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => item instanceof Watermark || (item !== null && typeof item === 'object' && !Array.isArray(item)))
  );
}

/**
 * Prints events as a table: `#` (arrival position, which output tables refer to), the timestamp
 * (with `(-n)` when the event arrives n ms behind a later timestamp already seen, and a `+time`
 * column from the first event when timestamps are epoch milliseconds), the key, then the fields.
 * Accepts records, `{ event, timestamp }` items and `watermark(ts)` marks.
 *
 * @example
 * formatEventTable([{ ts: 0, userId: 'u1', text: 'hi' }, { ts: 5, userId: 'u2', text: 'http://x' }])
 * //  #  ts  userId  text
 * //  0   0  u1      hi
 * //  1   5  u2      http://x
 */
export function formatEventTable(
  events: readonly unknown[],
  layout: TableLayout = tableLayoutOf(events) ?? {},
  /** Which rows to show (default all); rows keep their numbers. */
  show: (index: number) => boolean = () => true,
): string {
  if (events.length === 0) return '  (no events)';
  const rows: Row[] = events.map((item) => {
    if (item instanceof Watermark) return { time: item.timestamp, record: null, watermark: true };
    if (isTimedEvent(item)) return { time: item.timestamp, record: item.event, watermark: false };
    return { time: undefined, record: item, watermark: false };
  });
  const records = rows.flatMap((row) => (isRecord(row.record) ? [row.record] : []));
  const timeField = rows.some((row) => row.time !== undefined && !row.watermark)
    ? null
    : (layout.timestamp ?? TIME_FIELDS.find((field) => records.some((record) => field in record)) ?? null);
  const keyField = layout.key ?? (records.some((record) => 'key' in record) ? 'key' : null);
  const fields =
    layout.fields ??
    [...new Set(records.flatMap((record) => Object.keys(record)))].filter((field) => field !== timeField && field !== keyField);
  const timeOf = (row: Row): unknown => (row.watermark || row.time !== undefined ? row.time : timeField === null ? undefined : (row.record as Record<string, unknown>)[timeField]);
  const times = rows.map(timeOf);
  const numericTimes = times.filter((t): t is number => typeof t === 'number');
  const first = numericTimes[0];
  const epoch = first !== undefined && numericTimes.some((t) => Math.abs(t) >= 1e11);

  const header = ['#', timeField ?? 'timestamp', ...(epoch ? ['+time'] : []), ...(keyField === null ? [] : [keyField]), ...fields];
  const body: string[][] = [];
  let latest = -Infinity;
  rows.forEach((row, index) => {
    const time = times[index];
    let timeCell = formatCell(time);
    if (typeof time === 'number') {
      if (time < latest && !row.watermark) timeCell += ` (-${latest - time})`;
      if (!row.watermark) latest = Math.max(latest, time);
    }
    const offset = epoch ? [typeof time === 'number' ? `+${compactDuration(time - first!)}` : ''] : [];
    if (row.watermark) {
      const cells = [String(index), timeCell, ...offset, ...(keyField === null ? [] : ['']), ...fields.map(() => '')];
      if (cells.length === 2 + offset.length) cells.push('(watermark)');
      else cells[2 + offset.length] = '(watermark)';
      body.push(cells);
      return;
    }
    const record = isRecord(row.record) ? row.record : { value: row.record };
    body.push([
      String(index),
      timeCell,
      ...offset,
      ...(keyField === null ? [] : [formatCell(readField(record, keyField))]),
      ...fields.map((field) => formatCell(readField(record, field))),
    ]);
  });
  const visible = body.filter((_, index) => show(index));
  const shown = visible.length > MAX_ROWS ? [...visible.slice(0, MAX_ROWS - 10), ['…'], ...visible.slice(-10)] : visible;
  return renderTable(header, shown, new Set([0, 1]));
}

/**
 * Names events by their row in an event table (`#3`): by identity, from `rows` when given (a run
 * through restores knows which row each restored copy stands for, see {@link RecordRows}), else
 * from `events`; events known neither way by their content (the first row holding it).
 */
export function eventRowNamer(events: readonly unknown[], rows: ReadonlyMap<object, number> = rowsOfStream(events)): (event: unknown) => string {
  const byContent = new Map<string, number>();
  events.forEach((item, index) => {
    const content = jsonOf(recordOf(item));
    if (!byContent.has(content)) byContent.set(content, index);
  });
  return (event) => {
    const index = (typeof event === 'object' && event !== null ? rows.get(event) : undefined) ?? byContent.get(jsonOf(event));
    return index === undefined ? truncate(jsonOf(event)) : `#${index}`;
  };
}

/**
 * Prints outputs (the engine's or the matcher's) as a table: id, kind, pattern, key, time (a
 * match's last event, a timeout's window end, a late event's timestamp) and what it holds, with
 * events named by their row in `events` (`comments=#0,#2,#5`) when the stream is given; `rows`
 * names events that are not the stream's own objects (see {@link eventRowNamer}).
 */
export function formatOutputTable<E>(
  outputs: readonly (EngineOutput<E> | MatcherOutput<E>)[],
  events: readonly unknown[] = [],
  rows: ReadonlyMap<object, number> = rowsOfStream(events),
): string {
  if (outputs.length === 0) return '  (no outputs)';
  const name = eventRowNamer(events, rows);
  const first = firstEpochTime(events);
  const at = (time: number | undefined): string => (time === undefined ? '' : first !== undefined && Math.abs(time) >= 1e11 ? `+${compactDuration(time - first)}` : String(time));
  const hasPattern = outputs.some((output) => 'pattern' in output && output.pattern !== undefined);
  const hasKey = outputs.some((output) => 'key' in output && output.key !== undefined);
  const header = ['id', 'kind', ...(hasPattern ? ['pattern'] : []), ...(hasKey ? ['key'] : []), first === undefined ? 'at' : 'at (+time)', 'detail'];
  const body = outputs.map((output, index) => {
    const id = 'id' in output && typeof output.id === 'number' ? String(output.id) : String(index);
    const pattern = hasPattern ? [formatCell('pattern' in output ? output.pattern : undefined)] : [];
    const key = hasKey ? [formatCell('key' in output ? output.key : undefined)] : [];
    const [time, detail] = describeOutput(output, name);
    return [id, output.kind, ...pattern, ...key, at(time), detail];
  });
  return renderTable(header, body, new Set([0]));
}

function describeOutput<E>(output: EngineOutput<E> | MatcherOutput<E>, name: (event: unknown) => string): [number | undefined, string] {
  switch (output.kind) {
    case 'match':
      return [output.endTimestamp, shapeOf(output.events, name)];
    case 'timeout':
      return [output.timeoutTimestamp, shapeOf(output.events, name)];
    case 'late':
      return [output.timestamp, `${name(output.record)} missed watermark ${output.watermark}`];
    case 'capped':
      return [output.timestamp, `dropped ${counted(output.dropped, 'partial match', 'partial matches')} (${output.policy})`];
    case 'error': {
      const events = output.events === undefined ? '' : ` ${shapeOf(output.events, name)}`;
      return [output.timestamp, `${output.code}${events}: ${truncate(output.message, 80)}`];
    }
  }
}

/** The first event's timestamp when the stream's timestamps are epoch milliseconds (else undefined). */
function firstEpochTime(events: readonly unknown[]): number | undefined {
  const layout = tableLayoutOf(events) ?? {};
  for (const item of events) {
    if (item instanceof Watermark) continue;
    let time: unknown;
    if (isTimedEvent(item)) time = item.timestamp;
    else if (isRecord(item)) {
      const field = layout.timestamp ?? TIME_FIELDS.find((f) => f in item);
      time = field === undefined ? undefined : item[field];
    }
    return typeof time === 'number' && Math.abs(time) >= 1e11 ? time : undefined;
  }
  return undefined;
}

/** `step=#0,#2 other=#3`: a match's events by step, named by `name`. */
export function shapeOf<E>(events: MatchedEvents<E>, name: (event: E) => string): string {
  return Object.entries(events)
    .map(([step, list]) => `${step}=${list.map(name).join(',')}`)
    .join(' ');
}

function renderTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]!) : column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((text) => `  ${text}`).join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readField(record: Record<string, unknown>, field: string): unknown {
  return field in record ? record[field] : MISSING;
}

const MISSING = Symbol('missing');

/** A cell: plain words as they are, other strings quoted, structures as compact JSON; `-` when absent. */
function formatCell(value: unknown): string {
  if (value === MISSING || value === undefined) return '-';
  if (typeof value === 'string') return /^[\w.:/@+#-]+$/u.test(value) ? truncate(value) : truncate(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  return truncate(jsonOf(value));
}

function truncate(text: string, max = MAX_CELL): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `1h2m3.5s`, `250ms`, `0ms`: short enough for a table cell. */
export function compactDuration(ms: number): string {
  if (ms < 0) return `-${compactDuration(-ms)}`;
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return `${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${seconds > 0 ? `${seconds}s` : ''}`;
}
