// Time that the runtime reads from outside: injected, so tests drive it by hand.
import { describeFieldValue } from '../text/describe.js';

/** A source of wall-clock time in milliseconds. */
export interface Clock {
  now(): number;
}

/** The real clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to: for tests and simulations. Every time it is given must be
 * a finite number of milliseconds; anything else throws a `RangeError` at that call, where the
 * mistake is, rather than later in the engine that reads the clock.
 */
export class ManualClock implements Clock {
  private time: number;

  constructor(time = 0) {
    this.time = checkedMilliseconds(time, 'starts at');
  }

  now(): number {
    return this.time;
  }

  /** Moves the clock to `time` (never backwards). */
  set(time: number): void {
    checkedMilliseconds(time, 'is set to');
    if (time < this.time) throw new RangeError(`a manual clock cannot go back from ${this.time} to ${time}`);
    this.time = time;
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.set(this.time + checkedMilliseconds(ms, 'advances by'));
  }
}

function checkedMilliseconds(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`a manual clock ${what} a finite number of milliseconds, not ${describeFieldValue(value)}`);
  }
  return value;
}
