// Exhaustive search for the reference matcher: every way of assigning stream events to steps,
// grown one taken event at a time, each gap checked event by event against the place rules.
// Nothing is shared, cached or pruned early, so the cost is exponential in the stream length.
import type { Condition, ConditionContext } from '../pattern/condition.js';
import { effectOf, placeAfter, type Holds, type Position, type Take } from './positions.js';
import type { PatternLayout } from './pattern-layout.js';

/** An event with its timestamp in milliseconds. */
export interface TimedInput<E> {
  readonly event: E;
  readonly timestamp: number;
}

/** One event of a run: its position in the stream and the element (step) that took it. */
export interface Taken {
  readonly index: number;
  readonly element: number;
}

/** A run that completed when the stream event at `at` was processed. */
export interface Completion {
  readonly taken: readonly Taken[];
  readonly at: number;
}

/** A run that survived the event it last took. */
export interface LiveRun {
  readonly taken: readonly Taken[];
  /** Index of the last stream event after which the run was still waiting somewhere. */
  readonly aliveThrough: number;
  /**
   * Where it waits after the last event it saw (the last one before its window ends, or the end
   * of the stream): at a trailing `notFollowedBy` (`pending`) and/or anywhere else (`other`).
   */
  readonly waiting: { readonly pending: boolean; readonly other: boolean };
}

/** Every completion and every run that outlived its last take. */
export interface Exploration {
  readonly completions: Completion[];
  readonly liveRuns: LiveRun[];
}

/** Explores every run of the pattern over the stream (events in timestamp order). */
export function exploreRuns<E>(layout: PatternLayout<E>, events: readonly TimedInput<E>[]): Exploration {
  const completions: Completion[] = [];
  const liveRuns: LiveRun[] = [];
  const start: Position = placeAfter({ kind: 'entry', element: 0 });

  const holdsAt = (taken: readonly Taken[], index: number): Holds<E> => {
    const { event, timestamp } = events[index]!;
    const ctx = contextOf(layout, events, taken, timestamp);
    return (condition) => evaluate(condition, event, ctx);
  };

  // A take at `index`: the run completes on it if the place it lands in is the end or moves on to
  // the end without consuming (tested on the taken event with the context before the take, as
  // Flink's findFinalStateAfterProceed does). A run that hit a ban only survives as a completion.
  const take = (before: readonly Taken[], edge: Take, index: number, killed: boolean): void => {
    const taken = [...before, { index, element: edge.element }];
    const completes =
      edge.target.kind === 'final' || effectOf(layout, edge.target, holdsAt(before, index), edge.element, 'movesOnly').reachesFinal;
    if (completes) completions.push({ taken, at: index });
    if (!killed && edge.target.kind !== 'final') follow(taken, edge.target);
  };

  // Offers every later event to a run that just took one: each event is taken (a new, longer
  // run), or let pass, or kills the run; it stops when the run's window closes.
  const follow = (taken: readonly Taken[], place: Position): void => {
    const last = taken[taken.length - 1]!;
    const first = events[taken[0]!.index]!;
    const deadline = layout.withinMs === null ? Infinity : first.timestamp + layout.withinMs;
    let places = [place];
    let aliveThrough = last.index;
    for (let j = last.index + 1; j < events.length && places.length > 0 && events[j]!.timestamp < deadline; j++) {
      const holds = holdsAt(taken, j);
      const next: Position[] = [];
      for (const at of places) {
        const effect = effectOf(layout, at, holds, last.element, 'event');
        for (const edge of effect.takes) take(taken, edge, j, effect.killed);
        if (effect.completesByIgnore) completions.push({ taken, at: j });
        if (!effect.killed) next.push(...effect.ignores);
      }
      places = distinct(next);
      if (places.length > 0) aliveThrough = j;
    }
    const pending = places.some((p) => p.kind === 'pending');
    liveRuns.push({ taken, aliveThrough, waiting: { pending, other: places.some((p) => p.kind !== 'pending') } });
  };

  events.forEach((_, index) => {
    const effect = effectOf(layout, start, holdsAt([], index), -1, 'start');
    for (const edge of effect.takes) take([], edge, index, effect.killed);
  });
  return { completions, liveRuns };
}

/** The condition context of a run: its events so far by step name, and the tested event's time. */
function contextOf<E>(layout: PatternLayout<E>, events: readonly TimedInput<E>[], taken: readonly Taken[], timestamp: number): ConditionContext<E> {
  const byStep = new Map<string, E[]>();
  for (const { index, element } of taken) {
    const name = layout.elements[element]!.name;
    const list = byStep.get(name) ?? [];
    list.push(events[index]!.event);
    byStep.set(name, list);
  }
  const eventsFor = (step: string): readonly E[] => byStep.get(step) ?? [];
  return { eventsFor, getEventsForPattern: eventsFor, timestamp };
}

/** Evaluates a condition tree on one event. */
export function evaluate<E>(condition: Condition<E>, event: E, ctx: ConditionContext<E>): boolean {
  switch (condition.kind) {
    case 'true':
      return true;
    case 'predicate':
      return condition.test(event, ctx);
    case 'and':
      return evaluate(condition.left, event, ctx) && evaluate(condition.right, event, ctx);
    case 'or':
      return evaluate(condition.left, event, ctx) || evaluate(condition.right, event, ctx);
    case 'not':
      return !evaluate(condition.operand, event, ctx);
  }
}

function distinct(places: readonly Position[]): Position[] {
  const seen = new Map<string, Position>();
  for (const place of places) seen.set(JSON.stringify(place), place);
  return [...seen.values()];
}
