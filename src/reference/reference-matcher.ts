// The slow oracle: what a pattern must output on a stream, found by trying every assignment of
// events to steps. Property tests compare the NFA matcher against it; it shares no code with it.
import type { MatcherOutput } from '../nfa/outputs.js';
import type { PatternModel } from '../pattern/model.js';
import { emitOutputs, inCompletionOrder, type TieBreak } from './emission.js';
import { layoutOf } from './pattern-layout.js';
import { exploreRuns, type TimedInput } from './runs.js';

export { inCompletionOrder, isPossibleOrder, type TieBreak, type TiedMatch } from './emission.js';

/** Options of {@link referenceMatches}. */
export interface ReferenceOptions<E> {
  /** After the last event, advance time to this timestamp so that windows ending by then resolve. */
  readonly endTime?: number;
  /**
   * How held matches with the same first event go out under a skip strategy (rule 8), where
   * Flink leaves the order open; default: in order of completion, then of event indices. A test
   * can pass one that follows the engine under test, so that only this freedom is given to it.
   */
  readonly tieBreak?: TieBreak<E>;
  /**
   * When time jumps past several window ends at once (a later event, or `endTime`), let it pass
   * each of them in turn, earliest first — as the keyed runtime's timers do — instead of in one
   * step as Flink's `advanceTime` does. It matters only under a skip strategy: a match completed
   * at an earlier window end then prunes partial matches whose windows end later.
   */
  readonly throughDeadlines?: boolean;
}

/**
 * The reference matcher: a brute-force oracle for Flink CEP semantics, for tests only.
 *
 * It grows every possible run — every strictly increasing list of stream events, each assigned
 * to a step in pattern order — one taken event at a time, and checks every event in between
 * against the rules below. Nothing is shared between runs, cached or pruned ahead, so the cost
 * is exponential in the stream length: use it on streams of at most ~14 events. It reads only
 * the pattern model; the rules were derived from Flink's NFACompiler, NFA and
 * AfterMatchSkipStrategy, not from this project's compiler.
 *
 * Events are indexed 0..n-1 in stream order (timestamps must not decrease); conditions see the
 * run's events so far (`ctx.eventsFor`) and the tested event's timestamp.
 * 1. **Take.** Each event of step `s` satisfies its condition and not its `until`. A step takes
 *    1 (`once`), `min..max` (`times`) or `min`+ (loops) events, or none if optional; negations
 *    take none. The first event of a match is taken, never skipped.
 * 2. **Gaps.** An event between two events of one step passes its inner contiguity:
 *    `consecutive()` none, default NOT(condition), `allowCombinations()` any; with `until`, never
 *    an `until` event. A run leaves a step on the first event after the step's last one, skipping
 *    optional steps, so every event before the first event of the next step `s` passes `s`'s
 *    connection: `next` none, `followedBy` NOT(condition), `followedByAny` any.
 * 3. **Window.** A run sees only events with `ts < first.ts + within`; then it times out.
 *    A step's own window (`withinPreviousMs`, Flink's PREVIOUS_AND_CURRENT) ends a run waiting
 *    at that step's place at `last taken.ts + window`: at the entry of a single-event step
 *    (unless it is optional and has let an event pass), at a `notNext`, at a trailing
 *    `notFollowedBy`. Each place a run waits at ends at the earlier of the two; a place entered
 *    with its step window already over ends at the next advance of time.
 * 4. **notNext(n)** after step `p`: the event right after each event of `p` that gives `p` its
 *    minimum or more must not satisfy `n`. As the last step: the run completes on the event
 *    right after `p`'s last event if it does not satisfy `n`.
 * 5. **notFollowedBy(n)** after step `p`: no event from the one after `p`'s first event up to and
 *    including the first event of the next step that takes one may satisfy `n`. As the last
 *    step: the run completes when its window ends if no event before satisfies `n`, but after a
 *    repeated `p` only if an event arrived after `p`'s last one (else it times out).
 * 6. **greedy** (a loop, or `times(m, n)` with m < n): while a run waits at the place right after
 *    the greedy step, every move also needs NOT(its condition) — on the event that brings the
 *    run there, and on every event it lets pass there. The guard is dropped when a loop is left
 *    on an `until` event, and at an optional next step once it has let an event pass.
 * 7. **Completion.** A run completes when it takes an event after which all remaining steps may
 *    be skipped (those moves are tested on that event with the context before it), or as in 4
 *    and 5. A ban of 4 or 5 hitting the completing event kills the run but not the completion.
 * 8. **Skip strategies** other than `noSkip` emit matches in order of their first event and
 *    hold a match back while a partial match that started earlier is alive. Emitting a match
 *    prunes partial and held matches that started at or before its first event (`skipToNext`)
 *    or its last event (`skipPastLastEvent`), or before the first / last event of the target step
 *    (`skipToFirst` / `skipToLast`; with `throwOnMiss`, a match without the target, or whose
 *    target is its first event, is a `skip-target-missing` error instead, pruning nothing).
 *    Flink leaves the order of held matches with the same first event open; by default the one
 *    completed first (then by event indices) goes first — see {@link ReferenceOptions.tieBreak}.
 * 9. **Timeouts**: when time reaches the end of a place's window (an event at or after it, or
 *    `endTime`), each distinct set of events of the runs still waiting there and not pruned is
 *    reported once, at the step window's end if that has passed, else at `first.ts + within`.
 *    A run waiting at a trailing `notFollowedBy` is a match instead; a run with the same events
 *    waiting elsewhere still times out.
 *
 * Flink quirks kept on purpose, each pinned by a unit test: once an optional step has let an
 * event pass, the bans before it (5) are back in force even if an earlier optional step took an
 * event; a `times(m, n)` step past `m` that has let an event pass is under the bans before the
 * step instead of the `notFollowedBy` after it; skipping an optional greedy loop that has a
 * `notFollowedBy` before it leaves the next place unguarded (6).
 *
 * Not covered: groups (rejected with an error), conditions that throw, and an
 * optional greedy loop with `until` after a `notFollowedBy` (Flink's compiler leaves an edge
 * without a target there; the reference treats the skip as unguarded).
 */
export function referenceMatches<E>(
  model: PatternModel<E>,
  events: readonly TimedInput<E>[],
  options: ReferenceOptions<E> = {},
): MatcherOutput<E>[] {
  const layout = layoutOf(model);
  return emitOutputs(
    layout,
    model.skip,
    events,
    exploreRuns(layout, events),
    options.endTime,
    options.tieBreak ?? inCompletionOrder,
    options.throughDeadlines ?? false,
  );
}
