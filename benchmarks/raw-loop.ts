// The ceiling: a loop that only touches each in-memory event (reads the fields a detector would
// read), so no detector can beat it. Its events/s bounds what any engine could reach here.
import { measure, type BenchResult } from './harness.js';

/** Reads each event with `touch` (which returns a number so the work cannot be optimised away). */
export function measureRawLoop<E>(name: string, events: readonly E[], touch: (event: E) => number): BenchResult {
  let checksum = 0;
  return measure(
    name,
    events.length,
    (i) => {
      checksum = (checksum + touch(events[i]!)) | 0;
    },
    () => `checksum ${checksum}`,
  );
}
