// Compiles a pattern model to an NFA with take / ignore / proceed edges.
//
// The construction follows Flink CEP's NFACompiler state by state, so that the automaton (and
// therefore every observable match) is the one Flink builds: the pattern is walked from its last
// step to its first; each step becomes one state per required event, one optional state per
// extra event of a `times(min, max)`, and a looping state for `oneOrMore` / `timesOrMore`.
// Negations do not take events: `notNext` becomes a state with a PROCEED edge to a stop state,
// a middle `notFollowedBy` becomes PROCEED-to-stop edges on the states that wait after it, and a
// trailing `notFollowedBy` becomes a pending state that completes when the window ends.
// A step's own window (Flink's PREVIOUS_AND_CURRENT) sits on the states that take its event, as
// Flink's `windowTimes` does: the state of a single-event step (not its optional ignore state),
// a `notNext` state and a pending state.
import { formatCondition, type Condition, type ConditionContext } from '../pattern/condition.js';
import {
  eventStepNames,
  innerContiguity,
  LIMITS,
  type Connection,
  type EventStep,
  type GroupStep,
  type InnerContiguity,
  type PatternModel,
  type Step,
  windowOfStep,
} from '../pattern/model.js';
import { issue, PatternError } from '../pattern/pattern-error.js';
import { assertValidPattern } from '../pattern/validate.js';
import { oneLineName } from '../text/describe.js';
import { ALWAYS, andGuard, compileGuard, leafGuard, notGuard } from './guard.js';
import type { EdgeAction, Guard, Nfa, NfaCondition, NfaState, NfaStateKind } from './nfa.js';

/** Name of the final state, as in Flink (it cannot clash: names starting with `$` are reserved). */
export const FINAL_STATE_NAME = '$endState$';

/**
 * Validates a pattern model and compiles it to an automaton. Throws `PatternError` listing every
 * broken rule. The result is immutable and can be shared by any number of keys and matchers.
 */
export function compile<E>(model: PatternModel<E>): Nfa<E> {
  assertValidPattern(model);
  return new NfaBuilder(model).build();
}

interface BuilderEdge {
  action: EdgeAction;
  target: BuilderState;
  guard: Guard;
}

interface BuilderState {
  readonly name: string;
  readonly step: string;
  kind: NfaStateKind;
  readonly edges: BuilderEdge[];
  /** The per-step window of a partial match waiting here (see NfaState.windowMs). */
  readonly windowMs: number | null;
}

interface NotCondition {
  readonly guard: Guard;
  readonly name: string;
}

class NfaBuilder<E> {
  private readonly states: BuilderState[] = [];
  private readonly usedNames = new Set<string>();
  private readonly stopStates = new Map<string, BuilderState>();
  private readonly originalStates = new Map<string, BuilderState>();
  private readonly firstOfLoop = new Map<GroupStep<E>, boolean>();
  private readonly conditions: NfaCondition<E>[] = [];
  private readonly leafIds = new Map<string, number>();

  // The walk: the sequence being compiled (top level or a group's steps) and the position in it.
  private sequence: readonly Step<E>[];
  private index: number;
  private following: Step<E> | null = null;
  private group: GroupStep<E> | null = null;

  constructor(private readonly model: PatternModel<E>) {
    this.sequence = model.steps;
    this.index = model.steps.length - 1;
  }

  build(): Nfa<E> {
    const end = this.createState(FINAL_STATE_NAME, FINAL_STATE_NAME, 'final');
    const sink = this.createMiddleStates(end);
    const start = this.convertStep(sink);
    start.kind = 'start';
    return this.freeze(start);
  }

  // ---- the walk -------------------------------------------------------------------------------

  private current(): Step<E> {
    return this.sequence[this.index]!;
  }

  private createMiddleStates(sink: BuilderState): BuilderState {
    let lastSink = sink;
    while (this.index > 0) {
      const step = this.current();
      if (step.connection === 'notFollowedBy') {
        // A middle notFollowedBy only adds stop edges to its neighbours (see addStopStates);
        // a trailing one waits in a pending state until the window closes.
        if ((this.model.withinMs !== null || windowOfStep(step) !== null) && lastSink.kind === 'final') {
          const notCondition = this.takeGuard(step as EventStep<E>);
          const pending = this.createState(step.name, step.name, 'pending', windowOfStep(step));
          addEdge(pending, 'proceed', this.createStopState(notCondition, step.name), notCondition);
          addEdge(pending, 'ignore', pending, notGuard(notCondition));
          lastSink = pending;
        }
      } else if (step.connection === 'notNext') {
        const notCondition = this.takeGuard(step as EventStep<E>);
        const notNext = this.createState(step.name, step.name, 'normal', windowOfStep(step));
        // Before the final state an IGNORE edge, so that the match completes on the next event
        // that is not a forbidden one, rather than right away.
        addEdge(notNext, lastSink.kind === 'final' ? 'ignore' : 'proceed', lastSink, notGuard(notCondition));
        addEdge(notNext, 'proceed', this.createStopState(notCondition, step.name), notCondition);
        lastSink = notNext;
      } else {
        lastSink = this.convertStep(lastSink);
      }
      this.following = step;
      this.index--;
    }
    return lastSink;
  }

  private convertStep(sink: BuilderState): BuilderState {
    const step = this.current();
    let first: BuilderState;
    if (step.quantifier.kind === 'loop') {
      this.setFirstOfLoop(false);
      const looping = this.createLooping(this.copyWithoutTransitiveNots(sink));
      this.setFirstOfLoop(true);
      first = this.createTimesState(looping, sink, step.quantifier.min, step.quantifier.min);
    } else if (step.quantifier.kind === 'times') {
      first = this.createTimesState(sink, sink, step.quantifier.min, step.quantifier.max);
    } else {
      first = this.createSingletonState(sink, sink, this.takeGuardOf(step), this.ignoreGuard(), step.optional);
    }
    this.addStopStates(first);
    return first;
  }

  /** `min` required states then `max - min` optional ones; the first state is returned. */
  private createTimesState(sink: BuilderState, proceed: BuilderState, min: number, max: number): BuilderState {
    const step = this.current();
    this.setFirstOfLoop(false);
    const until = this.untilGuard(step);
    const innerIgnore = extendWithUntil(this.innerIgnoreGuard(), until, false);
    const take = extendWithUntil(this.takeGuardOf(step), until, true);
    if (step.greedy && min !== max && take !== null) {
      if (until !== null) this.originalStates.set(sink.name, this.copy(sink));
      restrictToNotTaking(sink, take);
    }
    let last = sink;
    for (let i = min; i < max; i++) {
      last = this.createSingletonState(last, proceed, take, innerIgnore, true);
      this.addStopStateToLooping(last);
    }
    for (let i = 0; i < min - 1; i++) {
      last = this.createSingletonState(last, null, take, innerIgnore, false);
      this.addStopStateToLooping(last);
    }
    this.setFirstOfLoop(true);
    return this.createSingletonState(last, proceed, take, this.ignoreGuard(), step.optional);
  }

  private createSingletonState(
    sink: BuilderState,
    proceed: BuilderState | null,
    take: Guard | null,
    ignore: Guard | null,
    isOptional: boolean,
  ): BuilderState {
    const step = this.current();
    if (step.kind === 'group') return this.createGroupState(step, sink, proceed, isOptional);
    const takeGuard = take ?? ALWAYS;
    // Flink reads a repeated step's window from its quantifier (`times(n, window)`), which we do
    // not offer; validation keeps per-step windows off repeated steps.
    const window = step.quantifier.kind === 'once' ? windowOfStep(step) : null;
    const state = this.createState(step.name, step.name, 'normal', window);
    // Taking an event of an optional step ends the notFollowedBy steps before it.
    const target = this.copyWithoutTransitiveNots(sink);
    addEdge(state, 'take', target, takeGuard);
    const proceedGuard = this.trueGuard();
    if (isOptional && proceed !== null) {
      const until = step.greedy ? this.untilGuard(step) : null;
      if (until !== null) {
        addEdge(state, 'proceed', this.originalStates.get(proceed.name) ?? proceed, andGuard(proceedGuard, until));
        addEdge(state, 'proceed', proceed, andGuard(proceedGuard, notGuard(until)));
      } else {
        addEdge(state, 'proceed', proceed, proceedGuard);
      }
    }
    if (ignore !== null) {
      let ignoreState = state;
      if (isOptional || this.isHeadOfOptionalGroup()) {
        // A separate waiting state without the PROCEED edge: once an optional step has skipped
        // an event while waiting for its own event, it is committed to it. This keeps every
        // branch of the computation from being created twice.
        ignoreState = this.createState(step.name, step.name, 'normal');
        addEdge(ignoreState, 'take', target, takeGuard);
        addEdge(ignoreState, 'ignore', ignoreState, ignore);
        this.addStopStates(ignoreState);
      }
      addEdge(state, 'ignore', ignoreState, ignore);
    }
    return state;
  }

  private createGroupState(
    group: GroupStep<E>,
    sink: BuilderState,
    proceed: BuilderState | null,
    isOptional: boolean,
  ): BuilderState {
    const proceedGuard = this.trueGuard();
    const first = this.insideGroup(group, () => this.convertStep(this.createMiddleStates(sink)));
    if (isOptional && proceed !== null) addEdge(first, 'proceed', proceed, proceedGuard);
    return first;
  }

  private createLooping(sink: BuilderState): BuilderState {
    const step = this.current();
    if (step.kind === 'group') return this.createLoopingGroupState(step, sink);
    const until = this.untilGuard(step);
    const ignore = extendWithUntil(this.innerIgnoreGuard(), until, false);
    const take = extendWithUntil(this.whereGuard(step), until, true) ?? ALWAYS;
    const proceedGuard = this.trueGuard();
    const looping = this.createState(step.name, step.name, 'normal');
    if (step.greedy) {
      if (until !== null) {
        // When `until` fires the loop may end into an unrestricted copy of what follows.
        const copy = this.copy(sink);
        addEdge(looping, 'proceed', copy, andGuard(proceedGuard, until));
        this.originalStates.set(sink.name, copy);
        addEdge(looping, 'proceed', sink, andGuard(proceedGuard, notGuard(until)));
      } else {
        addEdge(looping, 'proceed', sink, proceedGuard);
      }
      // Greedy: what follows the loop may not use an event the loop could take.
      restrictToNotTaking(sink, this.takeGuard(step));
    } else {
      addEdge(looping, 'proceed', sink, proceedGuard);
    }
    addEdge(looping, 'take', looping, take);
    this.addStopStateToLooping(looping);
    if (ignore !== null) {
      const ignoreState = this.createState(step.name, step.name, 'normal');
      addEdge(ignoreState, 'take', looping, take);
      addEdge(ignoreState, 'ignore', ignoreState, ignore);
      addEdge(looping, 'ignore', ignoreState, ignore);
      this.addStopStateToLooping(ignoreState);
    }
    return looping;
  }

  private createLoopingGroupState(group: GroupStep<E>, sink: BuilderState): BuilderState {
    const proceedGuard = this.trueGuard();
    // The group's last step ends in `repeat`, which proceeds back to the group's first state.
    const repeat = this.createState(group.name, group.name, 'normal');
    const first = this.insideGroup(group, () => this.convertStep(this.createMiddleStates(repeat)));
    addEdge(first, 'proceed', sink, proceedGuard);
    addEdge(repeat, 'proceed', first, proceedGuard);
    return first;
  }

  private insideGroup(group: GroupStep<E>, build: () => BuilderState): BuilderState {
    const saved = { sequence: this.sequence, index: this.index, following: this.following, group: this.group };
    this.group = group;
    this.sequence = group.steps;
    this.index = group.steps.length - 1;
    try {
      return build();
    } finally {
      this.sequence = saved.sequence;
      this.index = saved.index;
      this.following = saved.following;
      this.group = saved.group;
    }
  }

  // ---- negations ------------------------------------------------------------------------------

  /** notFollowedBy steps that still apply at the current step: directly before it, or before optional steps. */
  private currentNotConditions(): NotCondition[] {
    const result: NotCondition[] = [];
    for (let i = this.index; i > 0; i--) {
      const previous = this.sequence[i - 1]!;
      if (!previous.optional && previous.connection !== 'notFollowedBy') break;
      if (previous.connection === 'notFollowedBy') {
        result.push({ guard: this.takeGuard(previous as EventStep<E>), name: previous.name });
      }
    }
    return result;
  }

  private addStopStates(state: BuilderState): void {
    for (const not of this.currentNotConditions()) {
      addEdge(state, 'proceed', this.createStopState(not.guard, not.name), not.guard);
    }
  }

  private addStopStateToLooping(state: BuilderState): void {
    const following = this.following;
    if (following !== null && following.connection === 'notFollowedBy') {
      const guard = this.takeGuard(following as EventStep<E>);
      addEdge(state, 'proceed', this.createStopState(guard, following.name), guard);
    }
  }

  private createStopState(guard: Guard, name: string): BuilderState {
    let stop = this.stopStates.get(name);
    if (stop === undefined) {
      stop = this.createState(name, name, 'stop');
      addEdge(stop, 'take', stop, guard);
      this.stopStates.set(name, stop);
    }
    return stop;
  }

  /**
   * When an optional step takes an event, the notFollowedBy steps before it no longer apply:
   * the state it moves to is copied without their stop edges (only if there are such steps).
   * Example: `a notFollowedBy b followedBy c? followedBy d` matches `a c b d` but not `a b d`.
   */
  private copyWithoutTransitiveNots(sink: BuilderState, copies = new Map<BuilderState, BuilderState>()): BuilderState {
    const nots = this.currentNotConditions();
    if (nots.length === 0 || !this.current().optional) return sink;
    const done = copies.get(sink);
    if (done !== undefined) return done;
    // Flink's copy loses the state's window (its windowTimes are keyed by state name and the copy
    // gets a new name), so partial matches there never time out by it; ours keeps it.
    const copy = this.createState(sink.name, sink.step, sink.kind, sink.windowMs);
    copies.set(sink, copy);
    for (const edge of sink.edges) {
      if (edge.action !== 'proceed') {
        addEdge(copy, edge.action, edge.target === sink ? copy : edge.target, edge.guard);
      } else if (edge.target.kind !== 'stop') {
        addEdge(copy, 'proceed', this.copyWithoutTransitiveNots(edge.target, copies), edge.guard);
      } else if (!nots.some((not) => not.name === edge.target.step)) {
        addEdge(copy, 'proceed', edge.target, edge.guard);
      }
    }
    return copy;
  }

  private copy(state: BuilderState): BuilderState {
    const copy = this.createState(state.step, state.step, state.kind, state.windowMs);
    for (const edge of state.edges) addEdge(copy, edge.action, edge.target === state ? copy : edge.target, edge.guard);
    return copy;
  }

  // ---- guards ---------------------------------------------------------------------------------

  private setFirstOfLoop(isFirst: boolean): void {
    const step = this.current();
    if (step.kind === 'group') this.firstOfLoop.set(step, isFirst);
  }

  private isGroupFirstOfLoop(): boolean {
    return this.group === null ? true : (this.firstOfLoop.get(this.group) ?? true);
  }

  private isHeadOfGroup(): boolean {
    return this.group !== null && this.index === 0;
  }

  private isHeadOfOptionalGroup(): boolean {
    return this.isHeadOfGroup() && this.isGroupFirstOfLoop() && this.group!.optional;
  }

  /** The IGNORE guard of the current step's first state, from how it attaches to the step before. */
  private ignoreGuard(): Guard | null {
    const step = this.current();
    if (step.kind === 'group') return null;
    let contiguity = contiguityOf(step.connection);
    if (this.isHeadOfGroup()) {
      const group = this.group!;
      contiguity = this.isGroupFirstOfLoop() ? contiguityOf(group.connection) : innerContiguity(group);
    }
    return this.extendWithGroupUntil(ignoreFor(contiguity, this.whereGuard(step)), false);
  }

  /** The IGNORE guard between the repeated events of the current step. */
  private innerIgnoreGuard(): Guard | null {
    const step = this.current();
    if (step.kind === 'group') return null;
    const contiguity = this.isHeadOfGroup() ? innerContiguity(this.group!) : innerContiguity(step);
    return this.extendWithGroupUntil(ignoreFor(contiguity, this.whereGuard(step)), false);
  }

  private takeGuardOf(step: Step<E>): Guard | null {
    return step.kind === 'group' ? null : this.takeGuard(step);
  }

  /** The step's condition, limited by the `until` of an enclosing looping group. */
  private takeGuard(step: EventStep<E>): Guard {
    return this.extendWithGroupUntil(this.whereGuard(step), true) ?? ALWAYS;
  }

  private trueGuard(): Guard {
    return this.extendWithGroupUntil(ALWAYS, true) ?? ALWAYS;
  }

  private extendWithGroupUntil(guard: Guard | null, isTake: boolean): Guard | null {
    if (this.group === null || this.group.until === null) return guard;
    return extendWithUntil(guard, this.leaf(this.group.name, 'until', this.group.until), isTake);
  }

  private whereGuard(step: EventStep<E>): Guard {
    return step.condition.kind === 'true' ? ALWAYS : this.leaf(step.name, 'where', step.condition);
  }

  private untilGuard(step: Step<E>): Guard | null {
    return step.kind === 'event' && step.until !== null ? this.leaf(step.name, 'until', step.until) : null;
  }

  private leaf(step: string, role: 'where' | 'until', condition: Condition<E>): Guard {
    const key = `${role}\u0000${step}`;
    let id = this.leafIds.get(key);
    if (id === undefined) {
      id = this.conditions.length;
      this.leafIds.set(key, id);
      this.conditions.push({ id, step, role, condition, test: compileCondition(condition) });
    }
    return leafGuard(id);
  }

  // ---- states ---------------------------------------------------------------------------------

  private createState(baseName: string, step: string, kind: NfaStateKind, windowMs: number | null = null): BuilderState {
    let name = baseName;
    for (let counter = 0; this.usedNames.has(name); counter++) name = `${baseName}:${counter}`;
    this.usedNames.add(name);
    if (this.states.length >= LIMITS.maxStates) {
      throw new PatternError([
        issue('state-limit', step, `the pattern compiles to more than ${LIMITS.maxStates} states; lower its repetition counts`),
      ]);
    }
    const state: BuilderState = { name, step, kind, edges: [], windowMs };
    this.states.push(state);
    return state;
  }

  /** Numbers reachable states breadth-first from the start, so dumps read top to bottom. */
  private freeze(start: BuilderState): Nfa<E> {
    const order: BuilderState[] = [start];
    const ids = new Map<BuilderState, number>([[start, 0]]);
    for (let i = 0; i < order.length; i++) {
      for (const edge of order[i]!.edges) {
        if (!ids.has(edge.target)) {
          ids.set(edge.target, order.length);
          order.push(edge.target);
        }
      }
    }
    const states: NfaState[] = order.map((state, id) =>
      Object.freeze({
        id,
        name: state.name,
        step: state.step,
        kind: state.kind,
        windowMs: state.windowMs,
        edges: Object.freeze(
          state.edges.map((edge) =>
            Object.freeze({ action: edge.action, target: ids.get(edge.target)!, guard: edge.guard, test: compileGuard(edge.guard) }),
          ),
        ),
      }),
    );
    return Object.freeze({
      states: Object.freeze(states),
      start: 0,
      final: states.findIndex((state) => state.kind === 'final'),
      conditions: Object.freeze([...this.conditions]),
      windowMs: this.model.withinMs,
      hasStateWindows: states.some((state) => state.windowMs !== null),
      skip: this.model.skip,
      stepNames: Object.freeze(eventStepNames(this.model.steps)),
      model: this.model,
    });
  }
}

function addEdge(source: BuilderState, action: EdgeAction, target: BuilderState, guard: Guard): void {
  source.edges.push({ action, target, guard });
}

/** Greedy loops: every edge of the state after the loop also requires that the loop could not take the event. */
function restrictToNotTaking(state: BuilderState, take: Guard): void {
  for (const edge of state.edges) edge.guard = andGuard(edge.guard, notGuard(take));
}

function extendWithUntil(guard: Guard | null, until: Guard | null, isTake: boolean): Guard | null {
  if (until === null) return guard;
  if (guard !== null) return andGuard(notGuard(until), guard);
  return isTake ? notGuard(until) : null;
}

/** `begin` behaves as relaxed contiguity (start states never ignore events anyway). */
function contiguityOf(connection: Connection): InnerContiguity {
  switch (connection) {
    case 'next':
      return 'strict';
    case 'followedByAny':
      return 'nondeterministic';
    default:
      return 'relaxed';
  }
}

function ignoreFor(contiguity: InnerContiguity, where: Guard): Guard | null {
  switch (contiguity) {
    case 'strict':
      return null;
    case 'relaxed':
      return notGuard(where);
    case 'nondeterministic':
      return ALWAYS;
  }
}

function compileCondition<E>(condition: Condition<E>): (event: E, ctx: ConditionContext<E>) => boolean {
  switch (condition.kind) {
    case 'true':
      return () => true;
    case 'predicate':
      return condition.test;
    case 'and': {
      const left = compileCondition(condition.left);
      const right = compileCondition(condition.right);
      return (event, ctx) => left(event, ctx) && right(event, ctx);
    }
    case 'or': {
      const left = compileCondition(condition.left);
      const right = compileCondition(condition.right);
      return (event, ctx) => left(event, ctx) || right(event, ctx);
    }
    case 'not': {
      const operand = compileCondition(condition.operand);
      return (event, ctx) => !operand(event, ctx);
    }
  }
}

/** Printable label of a condition leaf, used by the dump. */
export function conditionLabel<E>(condition: NfaCondition<E>): string {
  const step = oneLineName(condition.step);
  return condition.role === 'where' ? step : `until(${step})`;
}

/** The text of a condition leaf's user condition (for verbose dumps). */
export function conditionSource<E>(condition: NfaCondition<E>): string {
  return formatCondition(condition.condition);
}
