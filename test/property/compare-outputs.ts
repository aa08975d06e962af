// Comparing matcher outputs with the reference matcher's: order-free, and with ties among held
// matches settled the way the engine settled them when Flink could have done the same.
import type { MatchedEvents, MatcherOutput } from '../../src/nfa/outputs.js';
import { inCompletionOrder, isPossibleOrder, type TieBreak } from '../../src/reference/reference-matcher.js';
import type { Ev } from './pattern-spec.js';

/** `step=ids` in pattern order, e.g. `s0=e0 s1=e2,e3`. */
export const shape = (events: MatchedEvents<Ev>): string =>
  Object.entries(events)
    .map(([step, list]) => `${step}=${list.map((e) => e.id).join(',')}`)
    .join(' ');

/** Outputs in a canonical, order-free form: sorted matches and errors (multisets), timeouts as a set. */
export function canonical(outputs: readonly MatcherOutput<Ev>[]): { matches: string[]; timeouts: string[]; errors: string[] } {
  const matches: string[] = [];
  const timeouts = new Set<string>();
  const errors: string[] = [];
  for (const output of outputs) {
    switch (output.kind) {
      case 'match':
        matches.push(shape(output.events));
        break;
      case 'timeout':
        timeouts.add(`${shape(output.events)} @${output.timeoutTimestamp}`);
        break;
      case 'error':
        errors.push(`${output.code} ${output.step} ${output.events === undefined ? '' : shape(output.events)}`);
        break;
    }
  }
  return { matches: matches.sort(), timeouts: [...timeouts].sort(), errors: errors.sort() };
}

/** A match or error as compared: its kind, code and events by step. */
const keyOf = (output: MatcherOutput<Ev>): string =>
  output.kind === 'error' ? `error ${output.code} ${output.events === undefined ? '' : shape(output.events)}` : `${output.kind} ${shape(output.events)}`;

/** Settles ties the way the matcher did, when that is a way Flink could; else the default way. */
export function followMatcher(actual: readonly MatcherOutput<Ev>[]): TieBreak<Ev> {
  const emitted = new Set(actual.filter((o) => o.kind !== 'timeout').map(keyOf));
  return (group) => {
    const present = group.flatMap((tied, i) => (emitted.has(keyOf(tied.output)) ? [i] : []));
    const order = [...present.filter((i) => !group[i]!.prunesGroup), ...present.filter((i) => group[i]!.prunesGroup)];
    return isPossibleOrder(group, order) ? order : inCompletionOrder(group);
  };
}

