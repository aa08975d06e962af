// Comparing outputs with the reference matcher's: order-free, and with ties among held matches
// settled the way the engine settled them when Flink could have done the same.
import type { MatchedEvents, MatcherOutput } from '../nfa/outputs.js';
import { inCompletionOrder, isPossibleOrder, type TieBreak } from '../reference/reference-matcher.js';
import type { EngineOutput } from '../runtime/outputs.js';
import type { Key } from '../runtime/record-fields.js';
import { shapeOf } from './event-table.js';

/** Names an event in a canonical output (e.g. by its id, or its position in the stream). */
export type EventNamer<E> = (event: E) => string;

/** Outputs in an order-free form: matches and errors as sorted multisets, timeouts as a sorted set. */
export interface CanonicalOutputs {
  readonly matches: readonly string[];
  readonly timeouts: readonly string[];
  readonly errors: readonly string[];
}

/**
 * Outputs in a canonical, order-free form, each written `step=name,name …` with `name` naming
 * events: matches and errors as sorted lists (how often each occurs matters), timeouts as a
 * sorted set (`… @end`; the matcher reports a timed-out set of events once, and the reference may
 * reach it by several branches). With `timeoutsOnce: false` timeouts are a sorted list instead:
 * for the engine's side, where a timeout reported twice (two alerts downstream) must not compare
 * equal to the reference's one. Two runs agree when their canonical forms are deeply equal.
 */
export function canonicalOutputs<E>(outputs: readonly MatcherOutput<E>[], name: EventNamer<E>, timeoutsOnce = true): CanonicalOutputs {
  const matches: string[] = [];
  const timeouts: string[] = [];
  const errors: string[] = [];
  for (const output of outputs) {
    switch (output.kind) {
      case 'match':
        matches.push(shapeOf(output.events, name));
        break;
      case 'timeout':
        timeouts.push(`${shapeOf(output.events, name)} @${output.timeoutTimestamp}`);
        break;
      case 'error':
        errors.push(`${output.code} ${output.step} ${output.events === undefined ? '' : shapeOf(output.events, name)}`);
        break;
    }
  }
  return { matches: matches.sort(), timeouts: (timeoutsOnce ? [...new Set(timeouts)] : timeouts).sort(), errors: errors.sort() };
}

/** Whether two canonical forms are equal. */
export function sameCanonical(a: CanonicalOutputs, b: CanonicalOutputs): boolean {
  const same = (x: readonly string[], y: readonly string[]): boolean => x.length === y.length && x.every((item, i) => item === y[i]);
  return same(a.matches, b.matches) && same(a.timeouts, b.timeouts) && same(a.errors, b.errors);
}

/** A match or error as compared: its kind, code and events by step. */
const identityOf = <E>(output: MatcherOutput<E>, name: EventNamer<E>): string =>
  output.kind === 'error'
    ? `error ${output.code} ${output.events === undefined ? '' : shapeOf(output.events, name)}`
    : `${output.kind} ${shapeOf(output.events as MatchedEvents<E>, name)}`;

/**
 * A tie-break for `referenceMatches` that settles the order of held matches with the same first
 * event (which Flink leaves open, and where the first emitted may prune the others) the way the
 * engine under test did — when that is an order Flink could produce; else the reference's own.
 */
export function followMatcher<E>(actual: readonly MatcherOutput<E>[], name: EventNamer<E>): TieBreak<E> {
  const emitted = new Set(actual.filter((o) => o.kind !== 'timeout').map((o) => identityOf(o, name)));
  return (group) => {
    const present = group.flatMap((tied, i) => (emitted.has(identityOf(tied.output, name)) ? [i] : []));
    const order = [...present.filter((i) => !group[i]!.prunesGroup), ...present.filter((i) => group[i]!.prunesGroup)];
    return isPossibleOrder(group, order) ? order : inCompletionOrder(group);
  };
}

/**
 * The engine's outputs of one pattern and key, as matcher outputs (what the reference gives):
 * matches, timeouts, and the matcher's own errors (`condition-failed`, `skip-target-missing`).
 */
export function outputsOfKey<E>(outputs: readonly EngineOutput<E>[], pattern: string, key: Key): MatcherOutput<E>[] {
  const result: MatcherOutput<E>[] = [];
  for (const output of outputs) {
    if (!('pattern' in output) || output.pattern !== pattern || !('key' in output) || output.key !== key) continue;
    switch (output.kind) {
      case 'match':
        result.push({ kind: 'match', events: output.events, startTimestamp: output.startTimestamp, endTimestamp: output.endTimestamp });
        break;
      case 'timeout':
        result.push({ kind: 'timeout', events: output.events, startTimestamp: output.startTimestamp, timeoutTimestamp: output.timeoutTimestamp });
        break;
      case 'error':
        if (output.step !== undefined && (output.code === 'condition-failed' || output.code === 'skip-target-missing')) {
          result.push({
            kind: 'error',
            code: output.code,
            step: output.step,
            message: output.message,
            timestamp: output.timestamp ?? 0,
            ...(output.events === undefined ? {} : { events: output.events }),
          });
        }
        break;
      default:
        break;
    }
  }
  return result;
}
