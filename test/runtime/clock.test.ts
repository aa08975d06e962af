// A manual clock drives time in tests: a value that is no time must fail where it is given, not
// later inside the engine that reads the clock.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';

describe('ManualClock', () => {
  it('moves only when told, and never backwards', () => {
    const clock = new ManualClock(100);
    clock.advance(50);
    expect(clock.now()).toBe(150);
    clock.set(150);
    clock.set(200);
    expect(clock.now()).toBe(200);
    expect(() => clock.set(199)).toThrow(new RangeError('a manual clock cannot go back from 200 to 199'));
    expect(() => clock.advance(-1)).toThrow(new RangeError('a manual clock cannot go back from 200 to 199'));
  });

  it('refuses a time that is not a finite number of milliseconds, at the call', () => {
    const clock = new ManualClock(100);
    expect(() => clock.set(Number.NaN)).toThrow(new RangeError('a manual clock is set to a finite number of milliseconds, not NaN'));
    expect(() => clock.set('x' as unknown as number)).toThrow(new RangeError('a manual clock is set to a finite number of milliseconds, not "x"'));
    expect(() => clock.set(Infinity)).toThrow(RangeError);
    expect(() => clock.advance(undefined as unknown as number)).toThrow(new RangeError('a manual clock advances by a finite number of milliseconds, not undefined'));
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance('5' as unknown as number)).toThrow(RangeError);
    expect(() => new ManualClock(Number.NaN)).toThrow(new RangeError('a manual clock starts at a finite number of milliseconds, not NaN'));
    expect(clock.now()).toBe(100);
  });
});
