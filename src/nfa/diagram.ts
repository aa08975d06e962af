// The compiled automaton as a picture: Graphviz DOT and Mermaid, so a user can see what a
// pattern became (take edges solid, ignore edges dashed, proceed edges dotted).
import { describeStepWindow } from '../pattern/model.js';
import { conditionLabel } from './compile.js';
import { oneLineName } from '../text/describe.js';
import { formatGuard } from './guard.js';
import type { Nfa, NfaEdge, NfaState } from './nfa.js';

const guardText = <E>(nfa: Nfa<E>, edge: NfaEdge): string =>
  edge.guard.kind === 'true' ? '' : formatGuard(edge.guard, (id) => conditionLabel(nfa.conditions[id]!));

const edgeLabel = <E>(nfa: Nfa<E>, edge: NfaEdge): string => {
  const guard = guardText(nfa, edge);
  return guard === '' ? edge.action : `${edge.action}: ${guard}`;
};

/** A state's name, with its per-step window when it has one: `b, within 5 seconds of previous`. */
const stateLabel = (state: NfaState): string =>
  state.windowMs === null ? oneLineName(state.name) : `${oneLineName(state.name)}, ${describeStepWindow(state.windowMs)}`;

/** Graphviz DOT source of the automaton (`dot -Tsvg` renders it). */
export function nfaToDot<E>(nfa: Nfa<E>, title = 'pattern'): string {
  const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const shapeOf = (state: NfaState): string => {
    switch (state.kind) {
      case 'start':
        return 'shape=circle, penwidth=2';
      case 'final':
        return 'shape=doublecircle';
      case 'stop':
        return 'shape=octagon, color=firebrick, fontcolor=firebrick';
      case 'pending':
        return 'shape=box, style="rounded,dashed"';
      case 'normal':
        return 'shape=circle';
    }
  };
  const styleOf = (edge: NfaEdge): string => (edge.action === 'take' ? 'solid' : edge.action === 'ignore' ? 'dashed' : 'dotted');
  const lines = [`digraph ${quote(title)} {`, '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const state of nfa.states) lines.push(`  s${state.id} [label=${quote(stateLabel(state))}, ${shapeOf(state)}];`);
  for (const state of nfa.states) {
    for (const edge of state.edges) lines.push(`  s${state.id} -> s${edge.target} [label=${quote(edgeLabel(nfa, edge))}, style=${styleOf(edge)}];`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Mermaid flowchart source of the automaton (renders in GitHub Markdown and mermaid tools). */
export function nfaToMermaid<E>(nfa: Nfa<E>): string {
  // Mermaid labels are quoted; a double quote inside must be written as an entity.
  const text = (value: string): string => `"${value.replace(/"/g, '#quot;')}"`;
  const node = (state: NfaState): string => {
    const label = text(stateLabel(state));
    switch (state.kind) {
      case 'start':
        return `s${state.id}((${label}))`;
      case 'final':
        return `s${state.id}(((${label})))`;
      case 'stop':
        return `s${state.id}{{${label}}}`;
      case 'pending':
        return `s${state.id}([${label}])`;
      case 'normal':
        return `s${state.id}(${label})`;
    }
  };
  const arrow = (edge: NfaEdge): string => (edge.action === 'take' ? '-->' : edge.action === 'ignore' ? '-.->' : '==>');
  const lines = ['flowchart LR'];
  for (const state of nfa.states) lines.push(`  ${node(state)}`);
  for (const state of nfa.states) {
    for (const edge of state.edges) lines.push(`  s${state.id} ${arrow(edge)}|${text(edgeLabel(nfa, edge))}| s${edge.target}`);
  }
  return lines.join('\n');
}
