// What the step function would find by walking PROCEED edges, worked out once per automaton.
// Almost every PROCEED guard is `true` (leave a loop, skip an optional step), so from most states
// the walk always reaches the same states in the same order; precomputing it turns a graph
// traversal per partial match per event into a read of two arrays.
import type { Nfa, NfaEdge } from './nfa.js';

/**
 * Per state: the TAKE / IGNORE edges reachable through PROCEED edges, in the order the walk meets
 * them, and whether the final state is reachable by PROCEED edges alone. `null` where a PROCEED
 * guard on the way depends on the event: the step function walks those at run time.
 */
export interface EdgePlan {
  /** Candidate edges per state (their own guards still to be tested), or `null`. */
  readonly edges: readonly (readonly NfaEdge[] | null)[];
  /** The state each candidate edge leaves from (the state that takes the event). */
  readonly sources: readonly (readonly number[] | null)[];
  /** Per state: 0 = the final state is not reachable by PROCEED edges, 1 = it always is, 2 = it depends on the event. */
  readonly reachesFinal: Uint8Array;
}

/** Works out the plan of every state of `nfa`. */
export function planEdges<E>(nfa: Nfa<E>): EdgePlan {
  const edges: (NfaEdge[] | null)[] = [];
  const sources: (number[] | null)[] = [];
  const reachesFinal = new Uint8Array(nfa.states.length);
  for (const state of nfa.states) {
    const walk = walkUnconditionalProceeds(nfa, state.id);
    if (walk === null) {
      edges.push(null);
      sources.push(null);
      // Guards decide only where the final state lies on some PROCEED path: elsewhere (a negation
      // in the middle, before a required step) their answer cannot make a match, and a condition
      // asked anyway would be asked of the event the step before it has just taken.
      reachesFinal[state.id] = finalReachableByProceeding(nfa, state.id) ? 2 : 0;
      continue;
    }
    const planned: NfaEdge[] = [];
    const from: number[] = [];
    for (const id of walk) {
      for (const edge of nfa.states[id]!.edges) {
        if (edge.action === 'proceed') continue;
        planned.push(edge);
        from.push(id);
      }
    }
    edges.push(planned);
    sources.push(from);
    reachesFinal[state.id] = walk.some((id) => id !== state.id && nfa.states[id]!.kind === 'final') ? 1 : 0;
  }
  return { edges, sources, reachesFinal };
}

/**
 * The states a depth-first walk over PROCEED edges visits from `start`, in the order the step
 * function pops them, or `null` if a PROCEED edge on the way has a guard other than `true`.
 */
function walkUnconditionalProceeds<E>(nfa: Nfa<E>, start: number): number[] | null {
  const order: number[] = [];
  const visited = new Set<number>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const current = stack.pop()!;
    order.push(current);
    for (const edge of nfa.states[current]!.edges) {
      if (edge.action !== 'proceed') continue;
      if (edge.guard.kind !== 'true') return null;
      if (!visited.has(edge.target)) {
        visited.add(edge.target);
        stack.push(edge.target);
      }
    }
  }
  return order;
}

/** Whether some path of PROCEED edges from `start` reaches the final state, whatever their guards. */
function finalReachableByProceeding<E>(nfa: Nfa<E>, start: number): boolean {
  const visited = new Set<number>([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const edge of nfa.states[stack.pop()!]!.edges) {
      if (edge.action !== 'proceed' || visited.has(edge.target)) continue;
      if (nfa.states[edge.target]!.kind === 'final') return true;
      visited.add(edge.target);
      stack.push(edge.target);
    }
  }
  return false;
}
