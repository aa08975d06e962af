// Exhaustive search for the reference matcher: every way of assigning stream events to steps,
// grown one taken event at a time, each gap checked event by event against the place rules.
// Nothing is shared, cached or pruned early, so the cost is exponential in the stream length.
import type { Condition, ConditionContext } from '../pattern/condition.js';
import { effectOf, placeAfter, windowAt, type Holds, type Position, type Take } from './positions.js';
import type { PatternLayout } from './pattern-layout.js';
import { readAnswer } from '../pattern/condition-answer.js';

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

/**
 * A place of a run that waited until its window ended (or the stream did). It ends at the earlier
 * of `startDeadline` (first event + pattern window) and `stepDeadline` (last taken event + the
 * place's per-step window); either is `Infinity` when there is no such window.
 */
export interface Wait {
  /**
   * The last stream event after which the place was waiting: a place entered with its window
   * already over exists only from then on, so it ends at the first advance of time after it.
   */
  readonly after: number;
  readonly stepDeadline: number;
  readonly startDeadline: number;
  /** At a trailing `notFollowedBy`: the run completes when the window ends instead of timing out. */
  readonly pending: boolean;
}

/** A run that survived the event it last took. */
export interface LiveRun {
  readonly taken: readonly Taken[];
  /**
   * When the run was waiting somewhere: after stream event `after` (from its last take on), with
   * the latest time its waiting places there last until.
   */
  readonly alive: readonly { readonly after: number; readonly until: number }[];
  /** The places it waited at until their windows ended or the stream did. */
  readonly waits: readonly Wait[];
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
  // run), or let pass, or kills the run. Each place the run waits at lasts until its own window
  // ends: the pattern window from the first event, or the place's step window from the last one.
  const follow = (taken: readonly Taken[], place: Position): void => {
    const last = taken[taken.length - 1]!;
    const startDeadline = layout.withinMs === null ? Infinity : events[taken[0]!.index]!.timestamp + layout.withinMs;
    const lastTime = events[last.index]!.timestamp;
    const stepDeadlineOf = (at: Position): number => {
      const window = windowAt(layout, at);
      return window === null ? Infinity : lastTime + window;
    };
    const endOf = (at: Position): number => Math.min(startDeadline, stepDeadlineOf(at));
    const waits: Wait[] = [];
    const ended = (at: Position, after: number): void => {
      waits.push({ after, stepDeadline: stepDeadlineOf(at), startDeadline, pending: at.kind === 'pending' });
    };
    const alive: { after: number; until: number }[] = [{ after: last.index, until: endOf(place) }];
    let places = [place];
    let seen = last.index;
    for (let j = last.index + 1; j < events.length && places.length > 0; j++) {
      // Places whose window ended by this event's time are gone before it is offered.
      const time = events[j]!.timestamp;
      for (const at of places) if (endOf(at) <= time) ended(at, j - 1);
      const holds = holdsAt(taken, j);
      const next: Position[] = [];
      for (const at of places) {
        if (endOf(at) <= time) continue;
        const effect = effectOf(layout, at, holds, last.element, 'event');
        for (const edge of effect.takes) take(taken, edge, j, effect.killed);
        if (effect.completesByIgnore) completions.push({ taken, at: j });
        if (!effect.killed) next.push(...effect.ignores);
      }
      places = distinct(next);
      seen = j;
      if (places.length > 0) alive.push({ after: j, until: Math.max(...places.map(endOf)) });
    }
    for (const at of places) ended(at, seen);
    liveRuns.push({ taken, alive, waits });
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
      // Read as the engine reads it: truthy holds, a promise (no answer yet) does not.
      return readAnswer(condition.test(event, ctx)) === true;
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
