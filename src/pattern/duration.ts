// Durations as users write them ('15m', '1h30m', '90s', '250ms', '15 minutes') become milliseconds
// through date-fns, so every part of Cepheus agrees on what a minute or a day is.
import { formatDuration, milliseconds, type Duration as DateFnsDuration } from 'date-fns';

/** A duration: milliseconds as a number, or text such as `'15m'`, `'1h30m'`, `'2 days'`. */
export type Duration = number | string;

const UNIT_OF: Record<string, keyof DateFnsDuration | 'milliseconds'> = {
  ms: 'milliseconds',
  millisecond: 'milliseconds',
  milliseconds: 'milliseconds',
  s: 'seconds',
  sec: 'seconds',
  second: 'seconds',
  seconds: 'seconds',
  m: 'minutes',
  min: 'minutes',
  minute: 'minutes',
  minutes: 'minutes',
  h: 'hours',
  hour: 'hours',
  hours: 'hours',
  d: 'days',
  day: 'days',
  days: 'days',
  w: 'weeks',
  week: 'weeks',
  weeks: 'weeks',
};

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/gy;

/**
 * Converts a duration to whole milliseconds. Accepts a non-negative finite number (taken as
 * milliseconds) or a sequence of `<amount><unit>` parts: `'90s'`, `'1h30m'`, `'1 hour 30 minutes'`.
 * Units: ms, s, m, h, d, w and their long names. Throws a `RangeError` that quotes the input
 * when it cannot be read.
 */
export function parseDuration(duration: Duration): number {
  return Math.round(durationInMilliseconds(duration));
}

/**
 * {@link parseDuration} before rounding: `'0.5 ms'` is 0.5. For readers that refuse a fraction of
 * a millisecond rather than round it (pattern files, where it was written on purpose).
 */
export function durationInMilliseconds(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) {
      throw new RangeError(`invalid duration ${duration}: expected a non-negative number of milliseconds`);
    }
    return duration;
  }
  const text = duration.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return durationInMilliseconds(Number(text));
  if (/^-\s*\d/.test(text)) throw badDuration(duration, 'a duration cannot be negative');
  const parts: DateFnsDuration = {};
  let extraMs = 0;
  let seen = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const found = PART.exec(text);
    if (found === null) throw badDuration(duration, `unexpected text at "${text.slice(start)}"`);
    const amount = Number(found[1]);
    const unit = UNIT_OF[found[2]!];
    if (unit === undefined) throw badDuration(duration, `unknown unit "${found[2]}"`);
    if (unit === 'milliseconds') extraMs += amount;
    else parts[unit] = (parts[unit] ?? 0) + amount;
    seen++;
  }
  if (seen === 0) throw badDuration(duration, 'it is empty');
  return milliseconds(parts) + extraMs;
}

/** Prints milliseconds the way people read them, e.g. `15 minutes` or `1 hour 30 minutes 250 ms`. */
export function formatMilliseconds(ms: number): string {
  let rest = ms;
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  rest -= seconds * 1000;
  const text = formatDuration({ days, hours, minutes, seconds });
  if (rest === 0) return text === '' ? '0 ms' : text;
  return text === '' ? `${rest} ms` : `${text} ${rest} ms`;
}

function badDuration(input: string, why: string): RangeError {
  return new RangeError(`invalid duration "${input}": ${why} (examples: '15m', '1h30m', '90s', '250ms')`);
}
