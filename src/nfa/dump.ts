// A readable text form of a compiled automaton, one state per block, pinned by golden tests.
import { formatSkipStrategy } from '../pattern/skip-strategy.js';
import { formatMilliseconds } from '../pattern/duration.js';
import { describeStepWindow } from '../pattern/model.js';
import { conditionLabel, conditionSource } from './compile.js';
import { oneLineName } from '../text/describe.js';
import { formatGuard } from './guard.js';
import type { Nfa } from './nfa.js';

/**
 * Prints the automaton: a header with window and skip strategy, then each state with its per-step
 * window if it has one and its edges, e.g. `  take -> b:0 if b`. With `conditions: true`, a legend maps condition names to their source.
 */
export function dumpNfa<E>(nfa: Nfa<E>, options: { conditions?: boolean } = {}): string {
  const leafName = (id: number): string => conditionLabel(nfa.conditions[id]!);
  const lines: string[] = [];
  lines.push(`nfa: ${nfa.states.length} states, window ${nfa.windowMs === null ? 'none' : formatMilliseconds(nfa.windowMs)}, skip ${formatSkipStrategy(nfa.skip)}`);
  for (const state of nfa.states) {
    const kind = state.kind === 'normal' ? '' : ` (${state.kind})`;
    const window = state.windowMs === null ? '' : `, ${describeStepWindow(state.windowMs)}`;
    lines.push(`${state.id} ${oneLineName(state.name)}${kind}${window}`);
    for (const edge of state.edges) {
      const target = nfa.states[edge.target]!;
      const guard = edge.guard.kind === 'true' ? '' : ` if ${formatGuard(edge.guard, leafName)}`;
      lines.push(`  ${edge.action} -> ${target.id} ${oneLineName(target.name)}${guard}`);
    }
  }
  if (options.conditions === true && nfa.conditions.length > 0) {
    lines.push('conditions:');
    for (const condition of nfa.conditions) lines.push(`  ${conditionLabel(condition)}: ${conditionSource(condition)}`);
  }
  return lines.join('\n');
}
