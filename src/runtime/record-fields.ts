// Reading keys and timestamps out of raw records, with reasons when they are not there.
import { isValid, parseISO } from 'date-fns';
import { describeFieldValue, describeThrown } from '../text/describe.js';

/** A field path such as `orderId`, `user.id` or `items[0].sku`. */
export type FieldPath = string;

/** Reads a key: a field path, or a function of the event. */
export type KeySelector<E> = FieldPath | ((event: E) => unknown);

/** Reads a timestamp: a field path, or a function of the event. */
export type TimestampSelector<E> = FieldPath | ((event: E) => unknown);

/** A key value: what `keyBy` produced, normalised to a string or a number. */
export type Key = string | number;

/** The result of reading a field: the value, or why it could not be read. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Orders keys: numbers before strings; numbers by value; strings by code units. */
export function compareKeys(a: Key, b: Key): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const PATH_PART = /([^.[\]]+)|\[(\d+)\]/g;

/** A well-formed field path: a name, then `.name` or `[index]` parts. */
const WELL_FORMED_PATH = /^[^.[\]]+(?:\.[^.[\]]+|\[\d+\])*$/;

/** Whether `path` is a field path (`orderId`, `user.id`, `items[0].sku`), not e.g. `''` or `a..b`. */
export function isFieldPath(path: string): boolean {
  return WELL_FORMED_PATH.test(path);
}

/** Splits `a.b[0].c` into `['a', 'b', 0, 'c']`. */
export function parseFieldPath(path: FieldPath): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of path.matchAll(PATH_PART)) parts.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return parts;
}

/** Compiles a field path to a reader that returns `undefined` where the path does not exist. */
export function fieldReader(path: FieldPath): (record: unknown) => unknown {
  const parts = parseFieldPath(path);
  if (parts.length === 1) {
    const only = parts[0]!;
    return (record) => (record !== null && typeof record === 'object' ? (record as Record<string | number, unknown>)[only] : undefined);
  }
  return (record) => {
    let value: unknown = record;
    for (const part of parts) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string | number, unknown>)[part];
    }
    return value;
  };
}

/** Why a key or timestamp could not be read (a class, so a hot path can test it with `instanceof`). */
export class Unreadable {
  constructor(readonly reason: string) {}
}

/**
 * Makes a reader for a field path or function that turns a thrown error into a reason naming
 * `what` was read, and hands the value to `convert`. It returns the value itself, or
 * {@link Unreadable}: the engine reads a key and a timestamp per event and should not allocate
 * a result object for each.
 */
function guardedReader<E, T>(selector: FieldPath | ((event: E) => unknown), what: string, convert: (value: unknown, what: string) => T | Unreadable): (event: E) => T | Unreadable {
  if (typeof selector === 'string' && !isFieldPath(selector)) {
    // Refused when the engine is built: otherwise every event would be an error naming it.
    throw new RangeError(`${what} is not a field path: write names joined by dots, with [n] for an array item (e.g. 'ts', 'meta.time', 'items[0].at')`);
  }
  const read = typeof selector === 'function' ? selector : fieldReader(selector);
  return (event) => {
    let value: unknown;
    try {
      value = read(event);
    } catch (error) {
      return new Unreadable(`${what} threw: ${describeThrown(error)}`);
    }
    return convert(value, what);
  };
}

/** Reads a key or says why it could not: keys must be non-empty strings or finite numbers. */
export function keyAccessor<E>(selector: KeySelector<E>): (event: E) => Key | Unreadable {
  return guardedReader(selector, typeof selector === 'function' ? 'the key function' : `key field '${selector}'`, keyValue);
}

/** Reads a timestamp (see {@link timestampReader}) or says why it could not. */
export function timestampAccessor<E>(selector: TimestampSelector<E>): (event: E) => number | Unreadable {
  return guardedReader(selector, typeof selector === 'function' ? 'the timestamp function' : `timestamp field '${selector}'`, timestampValue);
}

/** Makes a key reader from a selector; keys must be non-empty strings or finite numbers. */
export function keyReader<E>(selector: KeySelector<E>): (event: E) => Read<Key> {
  return asRead(keyAccessor(selector));
}

/**
 * Makes a timestamp reader: accepts finite numbers (epoch milliseconds), `Date`s and text. Text
 * of digits only (an optional `-` and fraction) is epoch milliseconds, so ISO basic format such
 * as `20231114` is a number, not a date; other text is ISO-8601 (parsed with date-fns), in UTC
 * unless it ends in `Z` or an offset (`+01:00`): the host's time zone never changes an event's
 * time. Anything else is refused with the reason.
 */
export function timestampReader<E>(selector: TimestampSelector<E>): (event: E) => Read<number> {
  return asRead(timestampAccessor(selector));
}

function asRead<E, T>(access: (event: E) => T | Unreadable): (event: E) => Read<T> {
  return (event) => toRead(access(event));
}

function toRead<T>(value: T | Unreadable): Read<T> {
  return value instanceof Unreadable ? { ok: false, reason: value.reason } : { ok: true, value };
}

/** Converts a raw key value: non-empty strings and finite numbers as they are, booleans and bigints as text. */
function keyValue(value: unknown, what: string): Key | Unreadable {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value === 0 ? 0 : value; // -0 is the key 0
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === '') return new Unreadable(`${what} is an empty string, which is not a key`);
  return new Unreadable(value === undefined ? missing(what) : `${what} is ${describeFieldValue(value)}, not a string or number`);
}

/** Converts a raw timestamp value to epoch milliseconds, as {@link timestampReader} reads it. */
export function toTimestamp(value: unknown, what = 'timestamp'): Read<number> {
  return toRead(timestampValue(value, what));
}

function timestampValue(value: unknown, what: string): number | Unreadable {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : new Unreadable(`${what} is ${value}, not a finite number`);
  }
  if (value instanceof Date) {
    return isValid(value) ? value.getTime() : new Unreadable(`${what} is an invalid Date`);
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(trimmed)) return timestampValue(Number(trimmed), what);
    const time = isoTimeAsUtc(trimmed);
    return Number.isNaN(time) ? new Unreadable(`${what} "${value}" is not an ISO-8601 date or epoch milliseconds`) : time;
  }
  return new Unreadable(value === undefined ? missing(what) : `${what} is ${describeFieldValue(value)}, not a number or date`);
}

/** A zone designator as ISO-8601 writes it: `Z`, or an offset `+hh`, `+hh:mm` or `+hhmm`. */
const ZONE_DESIGNATOR = /^(?:Z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Reads ISO-8601 text as epoch milliseconds (`NaN` when it is not a date). Text without a zone
 * designator is UTC: date-fns would read `2023-11-14T22:13:20` in the host's zone, so the same
 * stream would get other event times on a host elsewhere. Writing the `Z` it lacks keeps every
 * ISO form date-fns reads (`2023-11-14`, `2023-W46-2`, `2023-318`, with or without a time).
 */
function isoTimeAsUtc(text: string): number {
  // A zone designator follows the time (after `T` or a space); a date alone may only end in `Z`.
  const timeStart = text.search(/[T ]/);
  const zone = timeStart === -1 ? (text.endsWith('Z') ? 'Z' : '') : (/[Z+-].*$/.exec(text.slice(timeStart + 1))?.[0] ?? '');
  // date-fns reads a zone it cannot parse (`+1`, `+01:00Z`) as UTC; it is no date.
  if (zone !== '' && !ZONE_DESIGNATOR.test(zone)) return Number.NaN;
  const parsed = parseISO(zone === '' ? `${text}Z` : text);
  return isValid(parsed) ? parsed.getTime() : Number.NaN;
}

/** A field is missing; a function has answered nothing. */
function missing(what: string): string {
  return what.endsWith('function') ? `${what} returned undefined` : `${what} is missing`;
}
