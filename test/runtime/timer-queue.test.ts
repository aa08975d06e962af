import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue, type TimerTarget } from '../../src/runtime/timer-queue.js';

interface Target extends TimerTarget {
  readonly id: number;
}

/** The order timers must fire in: deadline, then pattern, then key. */
function byFiringOrder(a: { deadline: number; target: Target }, b: { deadline: number; target: Target }): number {
  if (a.deadline !== b.deadline) return a.deadline - b.deadline;
  if (a.target.pattern !== b.target.pattern) return a.target.pattern - b.target.pattern;
  return (a.target.key as number) - (b.target.key as number);
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
        const queue = new TimerQueue<Target>(segmentSize);
        let model: { deadline: number; target: Target }[] = [];
        let clock = 0;
        let id = 0;
        for (const op of ops) {
          if ('push' in op) {
            clock += op.push.step; // a negative step pushes an out-of-order deadline
            const target: Target = { id: id++, pattern: op.push.pattern, key: op.push.key };
            queue.push(clock, target);
            model.push({ deadline: clock, target });
          } else if ('popDue' in op) {
            const time = clock + op.popDue;
            model.sort(byFiringOrder);
            const due = model.filter((timer) => timer.deadline <= time);
            model = model.filter((timer) => timer.deadline > time);
            const popped: { deadline: number; target: Target }[] = [];
            for (let target = queue.popDue(time); target !== null; target = queue.popDue(time)) popped.push({ deadline: queue.poppedDeadline, target });
            // Equal (deadline, pattern, key) timers may come in either order: compare what identifies the firing.
            expect(popped.map((t) => [t.deadline, t.target.pattern, t.target.key])).toEqual(due.map((t) => [t.deadline, t.target.pattern, t.target.key]));
            expect(new Set(popped.map((t) => t.target.id))).toEqual(new Set(due.map((t) => t.target.id)));
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
    const queue = new TimerQueue<Target>(); // segments of the size the engine uses
    let pushed = 0;
    let fired = 0;
    for (let wave = 0; wave < 5; wave++) {
      // More than several segments' worth in order, plus a straggler per thousand.
      for (let i = 0; i < 20_000; i++, pushed++) {
        const deadline = pushed % 1000 === 999 ? pushed - 500 : pushed;
        queue.push(deadline, { id: pushed, pattern: 0, key: pushed });
      }
      let last = -Infinity;
      const until = pushed - 5_000; // leave some queued across the next wave
      for (let target = queue.popDue(until); target !== null; target = queue.popDue(until)) {
        expect(queue.poppedDeadline).toBeGreaterThanOrEqual(last);
        expect(queue.poppedDeadline).toBeLessThanOrEqual(until);
        last = queue.poppedDeadline;
        fired++;
      }
      expect(queue.size).toBe(pushed - fired);
    }
    for (let target = queue.popDue(Infinity); target !== null; target = queue.popDue(Infinity)) fired++;
    expect(fired).toBe(pushed);
    expect(queue.size).toBe(0);
  });
});
