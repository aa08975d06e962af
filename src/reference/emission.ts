// Turns the reference's runs into outputs in time order: windows that close (timeouts, trailing
// notFollowedBy completions), completions per event, and the after-match skip strategy, which
// holds matches back behind earlier partial matches and prunes by start event as Flink does.
import type { MatchedEvents, MatcherOutput } from '../nfa/outputs.js';
import type { SkipStrategy } from '../pattern/skip-strategy.js';
import type { PatternLayout } from './pattern-layout.js';
import type { Exploration, LiveRun, Taken, TimedInput, Wait } from './runs.js';

/** A held match in a tie: its output, and whether emitting it prunes the rest of its group. */
export interface TiedMatch<E> {
  readonly output: MatcherOutput<E>;
  readonly prunesGroup: boolean;
}

/**
 * Decides how a group of held matches with the same first event goes out: the indices of the
 * ones emitted, in order. Flink leaves their order open (its queue of completed matches compares
 * only first events), and under a skip strategy the first match that prunes its own start drops
 * the rest of the group. So a valid answer is either every match (when none prunes the group) or
 * some that do not prune it followed by exactly one that does; anything else is an error.
 */
export type TieBreak<E> = (group: readonly TiedMatch<E>[]) => readonly number[];

/** The default: in order of completion, then of event indices, up to the first pruning match. */
export function inCompletionOrder<E>(group: readonly TiedMatch<E>[]): number[] {
  const firstPruning = group.findIndex((tied) => tied.prunesGroup);
  return group.map((_, i) => i).slice(0, firstPruning < 0 ? group.length : firstPruning + 1);
}

interface Held {
  readonly taken: readonly Taken[];
  readonly start: number;
  /** When it completed: a counter over time advances and events. */
  readonly tick: number;
}

/** Produces every output of the runs, in emission order. */
export function emitOutputs<E>(
  layout: PatternLayout<E>,
  skip: SkipStrategy,
  events: readonly TimedInput<E>[],
  { completions, liveRuns }: Exploration,
  endTime: number | undefined,
  tieBreak: TieBreak<E>,
  throughDeadlines = false,
): MatcherOutput<E>[] {
  // Every place that waited until its window ended (or the stream did), with its run and start.
  const ends: { readonly run: LiveRun; readonly start: number; readonly wait: Wait }[] = [];
  const liveByStart = new Map<number, LiveRun[]>();
  for (const run of liveRuns) {
    const start = run.taken[0]!.index;
    push(liveByStart, start, run);
    for (const wait of run.waits) ends.push({ run, start, wait });
  }
  // Time order by start, as the engine keeps its partial matches.
  ends.sort((x, y) => x.start - y.start);
  const endOf = (wait: Wait): number => Math.min(wait.stepDeadline, wait.startDeadline);
  // Whether a place's window has ended by `time` (a place without a window never ends).
  const endedBy = (wait: Wait, time: number): boolean => endOf(wait) !== Infinity && endOf(wait) <= time;
  const completionsAt = new Map<number, (readonly Taken[])[]>();
  for (const { taken, at } of completions) push(completionsAt, at, taken);

  const outputs: MatcherOutput<E>[] = [];
  const pruned = new Set<number>();
  const expired = new Set<Wait>();
  let queue: Held[] = [];
  let tick = 0;

  // A partial match that started at `start` is alive after event `after` at `time` (not pruned,
  // and waiting at a place whose window is still open; `-Infinity` right after an event, when
  // nothing has expired yet even if its window already ended).
  const isAlive = (start: number, after: number, time: number): boolean =>
    !pruned.has(start) && (liveByStart.get(start) ?? []).some((run) => run.alive.some((span) => span.after === after && (span.until === Infinity || time < span.until)));

  const drain = (after: number, time: number): void => {
    queue.sort((x, y) => x.start - y.start || x.tick - y.tick || compareTaken(x.taken, y.taken));
    while (queue.length > 0) {
      const start = queue[0]!.start;
      if (skip.kind !== 'noSkip') {
        // Held back while a partial match that started earlier may still complete.
        for (let earlier = 0; earlier < start; earlier++) if (isAlive(earlier, after, time)) return;
      }
      const group = queue.filter((held) => held.start === start).map((held) => decide(layout, skip, events, held.taken));
      queue = queue.filter((held) => held.start !== start);
      const chosen = choose(group, skip.kind === 'noSkip' || group.length === 1 ? inCompletionOrder : tieBreak);
      for (const { output } of chosen) outputs.push(output);
      // Only the last one chosen can prune live partial matches; the others prune nothing alive.
      const pruneBelow = chosen[chosen.length - 1]?.pruneBelow ?? null;
      if (pruneBelow === null) continue;
      for (let s = 0; s < pruneBelow && s <= after; s++) pruned.add(s);
      queue = queue.filter((held) => !pruned.has(held.start));
    }
  };

  // Windows that end by `time` close: their places time out, or complete at a trailing
  // notFollowedBy. A timeout reports the step window's end if that one has passed, else the
  // pattern window's (Flink's NFA.advanceTime); one timeout per set of events, window end and
  // moment.
  const advance = (time: number, after: number): void => {
    tick++;
    const reported = new Set<string>();
    const completing = new Set<LiveRun>();
    for (const { run, start, wait } of ends) {
      if (wait.after > after || expired.has(wait) || !endedBy(wait, time)) continue;
      expired.add(wait);
      if (pruned.has(start)) continue;
      if (wait.pending) {
        if (!completing.has(run)) queue.push({ taken: run.taken, start, tick });
        completing.add(run);
        continue;
      }
      const timeoutTimestamp = wait.stepDeadline !== Infinity && wait.stepDeadline <= time ? wait.stepDeadline : wait.startDeadline;
      const key = JSON.stringify([timeoutTimestamp, run.taken]);
      if (reported.has(key)) continue;
      reported.add(key);
      outputs.push({ kind: 'timeout', events: eventsOf(layout, events, run.taken), startTimestamp: events[start]!.timestamp, timeoutTimestamp });
    }
    drain(after, time);
  };

  // Time moving to `time`: in one step (Flink), or through every window end on the way.
  const advanceTo = (time: number, after: number): void => {
    if (throughDeadlines) {
      const due = new Set<number>();
      for (const { wait } of ends) if (wait.after <= after && !expired.has(wait) && endedBy(wait, time)) due.add(endOf(wait));
      for (const deadline of [...due].sort((a, b) => a - b)) advance(deadline, after);
    }
    advance(time, after);
  };

  events.forEach((input, index) => {
    advanceTo(input.timestamp, index - 1);
    tick++;
    for (const taken of completionsAt.get(index) ?? []) {
      const start = taken[0]!.index;
      if (!pruned.has(start)) queue.push({ taken, start, tick });
    }
    drain(index, -Infinity);
  });
  if (endTime !== undefined) advanceTo(endTime, events.length - 1);
  return outputs;
}

/** What emitting one held match does: its output, and the first start it leaves alive. */
interface Decision<E> {
  readonly output: MatcherOutput<E>;
  readonly start: number;
  /** Partial matches that started before this index are pruned (`null`: none are). */
  readonly pruneBelow: number | null;
}

/** Whether `order` (indices into `group`) is a way Flink can emit a tied group (see {@link TieBreak}). */
export function isPossibleOrder<E>(group: readonly TiedMatch<E>[], order: readonly number[]): boolean {
  if (new Set(order).size !== order.length || !order.every((i) => group[i] !== undefined)) return false;
  if (!group.some((tied) => tied.prunesGroup)) return order.length === group.length;
  const last = order[order.length - 1];
  return last !== undefined && group[last]!.prunesGroup && order.slice(0, -1).every((i) => !group[i]!.prunesGroup);
}

/** Applies a tie-break to a group, checking that the answer is a way Flink could emit it. */
function choose<E>(group: readonly Decision<E>[], tieBreak: TieBreak<E>): Decision<E>[] {
  const tied = group.map(({ output, start, pruneBelow }) => ({ output, prunesGroup: pruneBelow !== null && pruneBelow > start }));
  const order = tieBreak(tied);
  if (!isPossibleOrder(tied, order)) {
    throw new Error(`reference matcher: tie-break [${order.join(', ')}] is not a way Flink can emit this group`);
  }
  return order.map((i) => group[i]!);
}

/** The output for a held match (a match, or a skip-target-missing error) and what it prunes. */
function decide<E>(layout: PatternLayout<E>, skip: SkipStrategy, events: readonly TimedInput<E>[], taken: readonly Taken[]): Decision<E> {
  const first = taken[0]!.index;
  const last = taken[taken.length - 1]!.index;
  const matched = eventsOf(layout, events, taken);
  const match: MatcherOutput<E> = {
    kind: 'match',
    events: matched,
    startTimestamp: events[first]!.timestamp,
    endTimestamp: events[last]!.timestamp,
  };
  switch (skip.kind) {
    case 'noSkip':
      return { output: match, start: first, pruneBelow: null };
    case 'skipToNext':
      return { output: match, start: first, pruneBelow: first + 1 };
    case 'skipPastLastEvent':
      return { output: match, start: first, pruneBelow: last + 1 };
    case 'skipToFirst':
    case 'skipToLast': {
      const ofTarget = taken.filter(({ element }) => layout.elements[element]!.name === skip.step).map(({ index }) => index);
      const target = skip.kind === 'skipToFirst' ? ofTarget[0] : ofTarget[ofTarget.length - 1];
      if (skip.throwOnMiss && (target === undefined || target === first)) {
        const error: MatcherOutput<E> = {
          kind: 'error',
          code: 'skip-target-missing',
          step: skip.step,
          message: `no event of '${skip.step}' to skip to after the match`,
          timestamp: events[last]!.timestamp,
          events: matched,
        };
        return { output: error, start: first, pruneBelow: null };
      }
      return { output: match, start: first, pruneBelow: target ?? null };
    }
  }
}

/** A run's events by step name, in pattern order; steps without events are absent. */
function eventsOf<E>(layout: PatternLayout<E>, events: readonly TimedInput<E>[], taken: readonly Taken[]): MatchedEvents<E> {
  const byStep: Record<string, E[]> = {};
  for (const { index, element } of taken) (byStep[layout.elements[element]!.name] ??= []).push(events[index]!.event);
  return byStep;
}

/** Lexicographic by (event index, element) pairs; a prefix first. */
function compareTaken(x: readonly Taken[], y: readonly Taken[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.index - y[i]!.index || x[i]!.element - y[i]!.element;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
