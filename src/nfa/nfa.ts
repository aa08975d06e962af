// The compiled automaton: plain, inspectable data shared (read-only) by every key's state.
import type { Condition, ConditionContext } from '../pattern/condition.js';
import type { PatternModel } from '../pattern/model.js';
import type { SkipStrategy } from '../pattern/skip-strategy.js';

/** TAKE consumes the event into the partial match, IGNORE skips it, PROCEED moves on without consuming. */
export type EdgeAction = 'take' | 'ignore' | 'proceed';

/**
 * Kinds of states: `start` (where new partial matches begin), `normal`, `final` (a match),
 * `stop` (a negation matched: the partial match dies) and `pending` (a trailing
 * `notFollowedBy` waiting for its window to end).
 */
export type NfaStateKind = 'start' | 'normal' | 'final' | 'stop' | 'pending';

/** An edge guard as data: user conditions by id, combined with NOT / AND / OR. */
export type Guard =
  | { readonly kind: 'true' }
  | { readonly kind: 'leaf'; readonly id: number }
  | { readonly kind: 'not'; readonly operand: Guard }
  | { readonly kind: 'and'; readonly left: Guard; readonly right: Guard }
  | { readonly kind: 'or'; readonly left: Guard; readonly right: Guard };

/** Evaluates guard leaves for one partial match and one event (results are cached). */
export interface LeafEvaluator {
  leaf(id: number): boolean;
}

/** A transition. `test` is `guard` compiled once to a function. */
export interface NfaEdge {
  readonly action: EdgeAction;
  readonly target: number;
  readonly guard: Guard;
  readonly test: (leaves: LeafEvaluator) => boolean;
}

/** A state of the automaton. `step` is the pattern step whose events it takes. */
export interface NfaState {
  readonly id: number;
  /** Unique name, e.g. `b`, `b:0` for the second state of step `b`. */
  readonly name: string;
  readonly step: string;
  readonly kind: NfaStateKind;
  readonly edges: readonly NfaEdge[];
  /**
   * The per-step window of a partial match waiting here (Flink's `windowTimes` entry for the
   * state), or `null`: it times out once time reaches its last taken event's time + `windowMs`.
   */
  readonly windowMs: number | null;
}

/** A user condition referenced by guards: a step's `where` conditions or its `until`. */
export interface NfaCondition<E> {
  readonly id: number;
  readonly step: string;
  readonly role: 'where' | 'until';
  readonly condition: Condition<E>;
  readonly test: (event: E, ctx: ConditionContext<E>) => boolean;
}

/** A compiled pattern. */
export interface Nfa<E> {
  readonly states: readonly NfaState[];
  /** Id of the start state (always 0). */
  readonly start: number;
  /** Id of the final state. */
  readonly final: number;
  readonly conditions: readonly NfaCondition<E>[];
  /** The pattern-wide `within` window in milliseconds, or `null`. */
  readonly windowMs: number | null;
  /** Whether some state has a per-step window (`NfaState.windowMs`). */
  readonly hasStateWindows: boolean;
  readonly skip: SkipStrategy;
  /** Event step names in pattern order: the key order of every match. */
  readonly stepNames: readonly string[];
  /** The model this automaton was compiled from. */
  readonly model: PatternModel<E>;
}
