import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderedQueue } from '../../src/runtime/ordered-queue.js';

describe('OrderedQueue', () => {
  it('pops in order whatever order items come in, in-order runs and stragglers mixed', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }).map((n) => ({ push: n })), fc.constant({ pop: true as const })), { maxLength: 200 }), (operations) => {
        const queue = new OrderedQueue<number>((a, b) => a - b);
        const model: number[] = [];
        for (const operation of operations) {
          if ('push' in operation) {
            queue.push(operation.push);
            model.push(operation.push);
            model.sort((a, b) => a - b);
          } else {
            expect(queue.pop()).toBe(model.shift());
          }
          expect(queue.size).toBe(model.length);
          expect(queue.peek()).toBe(model[0]);
          expect([...queue.toArray()].sort((a, b) => a - b)).toEqual(model);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('keeps pushes in order in the O(1) lane and still honours ties by the comparator', () => {
    const queue = new OrderedQueue<[number, string]>((a, b) => a[0] - b[0]);
    queue.push([1, 'first']);
    queue.push([1, 'second']);
    queue.push([0, 'early']);
    expect([queue.pop(), queue.pop(), queue.pop(), queue.pop()]).toEqual([[0, 'early'], [1, 'first'], [1, 'second'], undefined]);
  });
});
