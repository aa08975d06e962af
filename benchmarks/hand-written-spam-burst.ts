// The baseline for W2: "5 or more comments by one user within a minute" written by hand — per
// user a ring of the timestamps of the comments still inside the window, and a FIFO queue that
// forgets users whose last comment has left the window (so idle users cost nothing, as in the
// engine).
import type { UserAction } from './spam-stream.js';

/** A pattern-specific detector: push events in time order. */
export interface SpamBurstDetector {
  push(event: UserAction): void;
  /** Comments held, over all users (each is the start of one partial match in the engine). */
  readonly pending: number;
}

interface UserWindow {
  times: Float64Array;
  head: number;
  count: number;
  /** Timestamp of the newest comment, to tell whether a cleanup entry is stale. */
  newest: number;
}

/**
 * Emits exactly the engine's matches of `comment{min,} within windowMs` without a skip strategy:
 * every comment starts a run, and each comment completes one match per run that has now taken
 * at least `min` comments — `onMatch(user, firstTimestamp, lastTimestamp)` once per match.
 * `consecutive`: any other event of the user ends every run (strict contiguity).
 */
export function handWrittenSpamBurst(
  min: number,
  windowMs: number,
  consecutive: boolean,
  onMatch: (user: string, first: number, last: number) => void,
): SpamBurstDetector {
  const users = new Map<string, UserWindow>();
  const cleanupUsers: string[] = [];
  const cleanupAt: number[] = [];
  let cleanupHead = 0;
  let pending = 0;

  const cleanup = (time: number): void => {
    while (cleanupHead < cleanupAt.length && cleanupAt[cleanupHead]! <= time) {
      const user = cleanupUsers[cleanupHead]!;
      const window = users.get(user);
      if (window !== undefined && window.newest + windowMs <= time) {
        pending -= window.count;
        users.delete(user);
      }
      cleanupHead++;
    }
    if (cleanupHead > 65_536 && cleanupHead * 2 > cleanupAt.length) {
      cleanupUsers.splice(0, cleanupHead);
      cleanupAt.splice(0, cleanupHead);
      cleanupHead = 0;
    }
  };

  return {
    push(event) {
      cleanup(event.ts);
      let window = users.get(event.user);
      if (event.type !== 'comment') {
        if (consecutive && window !== undefined) {
          pending -= window.count;
          window.count = 0;
        }
        return;
      }
      if (window === undefined) {
        window = { times: new Float64Array(8), head: 0, count: 0, newest: 0 };
        users.set(event.user, window);
      }
      const t = event.ts;
      let { times, head, count } = window;
      while (count > 0 && t - times[head]! >= windowMs) {
        head = (head + 1) & (times.length - 1);
        count--;
        pending--;
      }
      if (count === times.length) {
        const grown = new Float64Array(times.length * 2);
        for (let i = 0; i < count; i++) grown[i] = times[(head + i) & (times.length - 1)]!;
        times = grown;
        head = 0;
        window.times = times;
      }
      times[(head + count) & (times.length - 1)] = t;
      count++;
      pending++;
      for (let i = 0; i + min <= count; i++) onMatch(event.user, times[(head + i) & (times.length - 1)]!, t);
      window.head = head;
      window.count = count;
      window.newest = t;
      cleanupUsers.push(event.user);
      cleanupAt.push(t + windowMs);
    },
    get pending() {
      return pending;
    },
  };
}
