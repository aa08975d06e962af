// Deliberately broken engines for the mutation check (docs/testing.md): each mutant rewrites a
// compiled automaton, so the engine's code stays untouched and only the test build is broken.
import { compileGuard, notGuard, orGuard } from '../../../src/nfa/guard.js';
import type { Guard, Nfa, NfaEdge, NfaState } from '../../../src/nfa/nfa.js';

/** Rewrites an automaton into a broken one. */
export type Mutant = <E>(nfa: Nfa<E>) => Nfa<E>;

function edge(action: NfaEdge['action'], target: number, guard: Guard): NfaEdge {
  return Object.freeze({ action, target, guard, test: compileGuard(guard) });
}

function withStates<E>(nfa: Nfa<E>, states: readonly NfaState[]): Nfa<E> {
  return Object.freeze({ ...nfa, states: Object.freeze(states.map((state) => Object.freeze(state))) });
}

/**
 * Strict contiguity behaves as relaxed: every waiting state that takes events but may not skip
 * any (`next`, `consecutive()`) gets the IGNORE edge relaxed contiguity would give it — skip
 * the event unless it could be taken.
 */
const strictAsRelaxed: Mutant = (nfa) =>
  withStates(
    nfa,
    nfa.states.map((state) => {
      const takes = state.edges.filter((e) => e.action === 'take');
      if (state.kind !== 'normal' || takes.length === 0 || state.edges.some((e) => e.action === 'ignore')) return state;
      const canTake = takes.map((e) => e.guard).reduce((a, b) => orGuard(a, b));
      return { ...state, edges: [...state.edges, edge('ignore', state.id, notGuard(canTake))] };
    }),
  );

/** Windows one millisecond too long: `[first, first + within]` instead of `[first, first + within)`. */
const windowOffByOne: Mutant = (nfa) => (nfa.windowMs === null ? nfa : Object.freeze({ ...nfa, windowMs: nfa.windowMs + 1 }));

/** Per-step windows one millisecond too long: `previous + window` is still inside the window. */
const stepWindowOffByOne: Mutant = (nfa) =>
  withStates(
    nfa,
    nfa.states.map((state) => (state.windowMs === null ? state : { ...state, windowMs: state.windowMs + 1 })),
  );

/** Negations never fire: every edge into a stop state is gone (`notNext` / `notFollowedBy` ban nothing). */
const negationIgnored: Mutant = (nfa) =>
  withStates(
    nfa,
    nfa.states.map((state) => ({ ...state, edges: state.edges.filter((e) => nfa.states[e.target]!.kind !== 'stop') })),
  );

/** The automaton mutants by name; `none` is the unbroken engine (a control run). */
export const NFA_MUTANTS: Readonly<Record<string, Mutant>> = {
  none: (nfa) => nfa,
  'strict-as-relaxed': strictAsRelaxed,
  'window-off-by-one': windowOffByOne,
  'step-window-off-by-one': stepWindowOffByOne,
  'negation-ignored': negationIgnored,
};

/**
 * Mutants of the checkpoint path (setup.ts patches the runtime for them): a restore that loses
 * the events waiting for the watermark, or that forgets to set the window timers of restored keys.
 */
export const RESTORE_MUTANTS = ['restore-drops-buffer', 'restore-forgets-timers'] as const;

/** Every mutant name CEPHEUS_MUTANT accepts. */
export const MUTANT_NAMES: readonly string[] = [...Object.keys(NFA_MUTANTS), ...RESTORE_MUTANTS];

/** The mutant CEPHEUS_MUTANT names; throws, listing the names, when it names none. */
export function chosenMutant(name: string | undefined): string {
  if (name === undefined || !MUTANT_NAMES.includes(name)) {
    throw new Error(`CEPHEUS_MUTANT must be one of ${MUTANT_NAMES.join(', ')}; it is ${name === undefined ? 'not set' : `'${name}'`}`);
  }
  return name;
}

/** The automaton rewrite for `name` (the identity for restore mutants). */
export function nfaMutant(name: string): Mutant {
  return NFA_MUTANTS[name] ?? NFA_MUTANTS['none']!;
}
