import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue } from '../../src/runtime/timer-queue.js';

/** A timer as the queue gives it back: deadline, pattern, key (timers equal in all three are interchangeable). */
type Timer = [deadline: number, pattern: number, key: number];

/** The order timers must fire in: deadline, then pattern, then key. */
function byFiringOrder(a: Timer, b: Timer): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function popAll(queue: TimerQueue, time: number): Timer[] {
  const popped: Timer[] = [];
  while (queue.popDue(time)) popped.push([queue.poppedDeadline, queue.poppedPattern, queue.poppedKey as number]);
  return popped;
}

type Operation = { push: { step: number; pattern: number; key: number } } | { popDue: number } | { clear: true };

/** Mostly in-order deadlines (the common case), sometimes earlier ones, pops in bursts. */
const operations = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ step: fc.integer({ min: -3, max: 5 }), pattern: fc.integer({ min: 0, max: 2 }), key: fc.integer({ min: 0, max: 5 }) }).map((push): Operation => ({ push })) },
    { weight: 3, arbitrary: fc.integer({ min: -2, max: 8 }).map((ahead): Operation => ({ popDue: ahead })) },
    { weight: 1, arbitrary: fc.constant<Operation>({ clear: true }) },
  ),
  { maxLength: 400 },
);

describe('TimerQueue', () => {
  it('fires due timers in (deadline, pattern, key) order, however they were pushed', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3, 4096), operations, (segmentSize, ops) => {
        const queue = new TimerQueue(segmentSize);
        let model: Timer[] = [];
        let clock = 0;
        for (const op of ops) {
          if ('push' in op) {
            clock += op.push.step; // a negative step pushes an out-of-order deadline
            queue.push(clock, op.push.pattern, op.push.key);
            model.push([clock, op.push.pattern, op.push.key]);
          } else if ('popDue' in op) {
            const time = clock + op.popDue;
            model.sort(byFiringOrder);
            const due = model.filter((timer) => timer[0] <= time);
            model = model.filter((timer) => timer[0] > time);
            expect(popAll(queue, time)).toEqual(due);
          } else {
            queue.clear();
            model = [];
          }
          expect(queue.size).toBe(model.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps order across many segments, queued and drained in waves', () => {
    const queue = new TimerQueue(); // segments of the size the engine uses
    let pushed = 0;
    let fired = 0;
    for (let wave = 0; wave < 5; wave++) {
      // More than several segments' worth in order, plus a straggler per thousand.
      for (let i = 0; i < 20_000; i++, pushed++) {
        const deadline = pushed % 1000 === 999 ? pushed - 500 : pushed;
        queue.push(deadline, pushed % 3, `key-${pushed}`);
      }
      let last = -Infinity;
      const until = pushed - 5_000; // leave some queued across the next wave
      while (queue.popDue(until)) {
        expect(queue.poppedDeadline).toBeGreaterThanOrEqual(last);
        expect(queue.poppedDeadline).toBeLessThanOrEqual(until);
        last = queue.poppedDeadline;
        fired++;
      }
      expect(queue.size).toBe(pushed - fired);
    }
    while (queue.popDue(Infinity)) fired++;
    expect(fired).toBe(pushed);
    expect(queue.size).toBe(0);
  });
});
