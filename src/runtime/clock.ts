// Time that the runtime reads from outside: injected, so tests drive it by hand.

/** A source of wall-clock time in milliseconds. */
export interface Clock {
  now(): number;
}

/** The real clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  /** Moves the clock to `time` (never backwards). */
  set(time: number): void {
    if (time < this.time) throw new RangeError(`a manual clock cannot go back from ${this.time} to ${time}`);
    this.time = time;
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.set(this.time + ms);
  }
}
