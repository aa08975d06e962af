// Where a run of the reference matcher can stand between two events, and what each place lets
// the next event do. The rules are Flink CEP's (NFACompiler), written per place from the model
// instead of compiled into states: take, ignore, move on without consuming, or die on a ban.
import type { Condition } from '../pattern/condition.js';
import type { EventStep } from '../pattern/model.js';
import { isEffectivelyGreedy, maxCount, minCount, type After, type PatternLayout } from './pattern-layout.js';

/**
 * A place a run can be in after an event.
 * - `entry`: waiting for the first event of `element`. `ignored`: an optional step that has
 *   already let an event pass can no longer be skipped (Flink's separate ignore state).
 *   `greedyOff`: reached through a greedy loop's `until` event, so the greedy guard is gone.
 * - `inner`: `count` events of a repeated `element` taken, waiting for more. `ignored`: at least
 *   one event was let pass since, so the run can only take another event of the step.
 * - `notNext`: right after the step before a `notNext` element; the next event decides.
 * - `pending`: a trailing `notFollowedBy`; the run completes when the window ends.
 * - `final`: complete.
 */
export type Position =
  | { readonly kind: 'entry'; readonly element: number; readonly ignored: boolean; readonly greedyOff: boolean }
  | { readonly kind: 'inner'; readonly element: number; readonly count: number; readonly ignored: boolean }
  | { readonly kind: 'notNext' | 'pending'; readonly element: number; readonly greedyOff: boolean }
  | { readonly kind: 'final' };

/** One way an event can be taken from a place: by `element` as its `count`-th event. */
export interface Take {
  readonly element: number;
  readonly count: number;
  readonly target: Position;
}

/** Everything one event can do to a run standing at one place (Flink: the decision graph). */
export interface EventEffect {
  readonly takes: Take[];
  /** Places the run can wait at after letting the event pass. */
  readonly ignores: Position[];
  /** A trailing `notNext` saw an allowed event: the run is complete without taking it. */
  completesByIgnore: boolean;
  /** A ban matched: the run dies, except for what completes on this very event. */
  killed: boolean;
  /** A chain of moves without consuming reaches the end (used right after a take). */
  reachesFinal: boolean;
}

/** Evaluates a condition on the event at hand, in the context of the run's events so far. */
export type Holds<E> = (condition: Condition<E>) => boolean;

/** The place a run is in once it is done with an element. */
export function placeAfter(after: After, greedyOff = false): Position {
  switch (after.kind) {
    case 'final':
      return after;
    case 'entry':
      return { kind: 'entry', element: after.element, ignored: false, greedyOff };
    default:
      return { kind: after.kind, element: after.element, greedyOff };
  }
}

/** The place after `element` takes its `count`-th event. */
export function placeAfterTake<E>(layout: PatternLayout<E>, element: number, count: number): Position {
  return count < maxCount(layout.elements[element]!)
    ? { kind: 'inner', element, count, ignored: false }
    : placeAfter(layout.after[element]!);
}

/**
 * How a run at `from` is looked at: `event` offers it the event at hand; `start` is the same for
 * the start of a match, which cannot let events pass; `movesOnly` only follows moves without
 * consuming, to see whether a run that just took the event is complete (Flink's
 * findFinalStateAfterProceed, which evaluates nothing else).
 */
export type Mode = 'event' | 'start' | 'movesOnly';

/**
 * What the event at hand can do to a run at `from`. `lastTaken` is the element of the run's last
 * event (-1 before any), which decides which bans before a step still apply.
 */
export function effectOf<E>(layout: PatternLayout<E>, from: Position, holds: Holds<E>, lastTaken: number, mode: Mode): EventEffect {
  const isStart = mode === 'start';
  const movesOnly = mode === 'movesOnly';
  const effect: EventEffect = { takes: [], ignores: [], completesByIgnore: false, killed: false, reachesFinal: false };
  const step = (element: number): EventStep<E> => layout.elements[element]!;
  const banned = (bans: readonly number[]): boolean => bans.some((n) => holds(step(n).condition));
  const untilHolds = (s: EventStep<E>): boolean => s.until !== null && holds(s.until);
  const takeHolds = (s: EventStep<E>): boolean => holds(s.condition) && !untilHolds(s);

  // Every edge of the place after a greedy step also requires NOT(the greedy step's condition);
  // the copy reached through `until` and an optional step's ignore place are not guarded.
  const greedyAllows = (place: Position & { element: number; greedyOff: boolean }): boolean => {
    const greedy = layout.greedyBefore[place.element];
    if (greedy === null || greedy === undefined || place.greedyOff) return true;
    if (place.kind === 'entry' && place.ignored) return true;
    return !holds(step(greedy).condition);
  };

  // Moving on from a step without consuming. A greedy loop with `until` moves to an unguarded copy
  // of the next place when the event satisfies `until`. Flink quirk: an optional greedy loop
  // with bans before it guards only the copy its loop exits into (NFACompiler.convertPattern
  // copies the next state without the bans first), so skipping the loop is not guarded.
  const moveOn = (element: number, skipping: boolean): void => {
    const s = step(element);
    const unguarded =
      isEffectivelyGreedy(s) &&
      (untilHolds(s) || (skipping && s.quantifier.kind === 'loop' && layout.bansBefore[element]!.length > 0));
    visit(placeAfter(layout.after[element]!, unguarded));
  };

  const visit = (place: Position): void => {
    switch (place.kind) {
      case 'final':
        effect.reachesFinal = true;
        return;
      case 'entry': {
        if (!greedyAllows(place)) return;
        const s = step(place.element);
        if (!movesOnly) {
          if (takeHolds(s)) effect.takes.push({ element: place.element, count: 1, target: placeAfterTake(layout, place.element, 1) });
          if (!isStart && entryIgnoreHolds(s, holds)) effect.ignores.push(s.optional ? { ...place, ignored: true } : place);
          // Bans before a step lapse once a later optional step took an event (Flink copies the
          // states without them), but an optional step's ignore place keeps all of them.
          const bans = layout.bansBefore[place.element]!;
          if (banned(place.ignored ? bans : bans.filter((n) => n > lastTaken))) effect.killed = true;
        }
        if (s.optional && !place.ignored) moveOn(place.element, true);
        return;
      }
      case 'inner': {
        const s = step(place.element);
        const { count } = place;
        const canLeave = count >= minCount(s);
        if (!movesOnly) {
          if (takeHolds(s)) effect.takes.push({ element: place.element, count: count + 1, target: placeAfterTake(layout, place.element, count + 1) });
          if (innerIgnoreHolds(s, holds)) effect.ignores.push(canLeave ? { ...place, ignored: true } : place);
          // Flink quirk: the ignore place of a times(m, n) step past m carries the bans *before*
          // the step, not the notFollowedBy after it.
          const timesIgnorePlace = place.ignored && canLeave && s.quantifier.kind === 'times';
          const after = layout.banAfter[place.element] ?? null;
          if (banned(timesIgnorePlace ? layout.bansBefore[place.element]! : after === null ? [] : [after])) effect.killed = true;
        }
        if (canLeave && !place.ignored) moveOn(place.element, false);
        return;
      }
      case 'notNext': {
        if (!greedyAllows(place)) return;
        if (holds(step(place.element).condition)) {
          effect.killed = true;
        } else if (layout.after[place.element]!.kind === 'final') {
          if (!isStart && !movesOnly) effect.completesByIgnore = true;
        } else {
          visit(placeAfter(layout.after[place.element]!));
        }
        return;
      }
      case 'pending': {
        if (!greedyAllows(place) || movesOnly) return;
        if (holds(step(place.element).condition)) effect.killed = true;
        else if (!isStart) effect.ignores.push(place);
        return;
      }
    }
  };

  visit(from);
  return effect;
}

/**
 * The per-step window of a run waiting at `place`: the window of the step whose event it waits
 * for, if it waits at that step's own place — the entry of a single-event step (not an optional
 * step's place after it let an event pass: Flink gives that state no window), a `notNext`, or a
 * trailing `notFollowedBy`. Validation keeps per-step windows off every other kind of step.
 */
export function windowAt<E>(layout: PatternLayout<E>, place: Position): number | null {
  switch (place.kind) {
    case 'entry':
      return place.ignored ? null : layout.stepWindows[place.element]!;
    case 'notNext':
    case 'pending':
      return layout.stepWindows[place.element]!;
    case 'inner':
    case 'final':
      return null;
  }
}

/** Letting an event pass while waiting for a step's first event: the step's own connection. */
function entryIgnoreHolds<E>(step: EventStep<E>, holds: Holds<E>): boolean {
  switch (step.connection) {
    case 'next':
      return false;
    case 'followedByAny':
      return true;
    default:
      return !holds(step.condition);
  }
}

/** Letting an event pass between two events of a repeated step: its inner contiguity. */
function innerIgnoreHolds<E>(step: EventStep<E>, holds: Holds<E>): boolean {
  if (step.consecutive) return false;
  const beforeUntil = step.until === null || !holds(step.until);
  if (step.allowCombinations) return beforeUntil;
  return beforeUntil && !holds(step.condition);
}
