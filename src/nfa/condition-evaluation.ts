// Evaluates user conditions for one event against one partial match at a time. Results are cached
// per (partial match, event), and a condition that throws counts as false and is reported once
// per event and step, so one bad event never takes the matcher down.
import type { ConditionContext } from '../pattern/condition.js';
import { planEdges, type EdgePlan } from './edge-plan.js';
import type { LeafEvaluator, Nfa, NfaEdge } from './nfa.js';
import type { MatcherErrorOutput } from './outputs.js';
import type { MatchNode, Run } from './partial-match.js';
import { describeThrown } from '../text/describe.js';
import { readAnswer } from '../pattern/condition-answer.js';

/**
 * Scratch space for evaluating the conditions of one automaton on one event: condition results
 * cached per partial match, and the traversal buffers of the step function. One is kept per
 * automaton and reused for every event (see {@link ConditionEvaluation.acquire}), so the hot path
 * allocates nothing here.
 */
export class ConditionEvaluation<E> implements LeafEvaluator, ConditionContext<E> {
  private static readonly cache = new WeakMap<Nfa<any>, ConditionEvaluation<any>>();
  /** The last one acquired: most callers run one automaton over and over. */
  private static recent: ConditionEvaluation<any> | null = null;
  readonly errors: MatcherErrorOutput<E>[] = [];
  private readonly stamps: Uint32Array;
  private readonly values: Uint8Array;
  private readonly reported: Uint32Array;
  private generation = 0;
  private eventGeneration = 0;
  private last: MatchNode<E> | null = null;
  private matched: Map<string, E[]> | null = null;
  private inUse = false;
  private event!: E;
  timestamp = 0;
  /** Visit marks for traversals of the automaton (see {@link ConditionEvaluation.visit}). */
  private readonly visits: Uint32Array;
  private visitGeneration = 0;
  /** The automaton's precomputed PROCEED walks. */
  readonly plan: EdgePlan;
  /** Reusable stacks and edge lists for the step function. */
  readonly stack: number[] = [];
  readonly finalStack: number[] = [];
  readonly edges: NfaEdge[] = [];
  readonly sources: number[] = [];
  /** The partial matches and completed matches one event produced (first `runCount` / `completedCount`). */
  readonly runs: Run<E>[] = [];
  readonly completed: Run<E>[] = [];
  runCount = 0;
  completedCount = 0;

  private constructor(private readonly nfa: Nfa<E>) {
    const size = nfa.conditions.length;
    this.stamps = new Uint32Array(size);
    this.values = new Uint8Array(size);
    this.reported = new Uint32Array(size);
    this.visits = new Uint32Array(nfa.states.length);
    this.plan = planEdges(nfa);
  }

  /**
   * The automaton's scratch space, set up for `event`. Pair with {@link ConditionEvaluation.release}.
   * If it is already in use (a condition re-entered the matcher), a fresh one is made.
   */
  static acquire<E>(nfa: Nfa<E>, event: E, timestamp: number): ConditionEvaluation<E> {
    let evaluation = ConditionEvaluation.recent as ConditionEvaluation<E> | null;
    if (evaluation === null || evaluation.nfa !== nfa) {
      evaluation = (ConditionEvaluation.cache.get(nfa) as ConditionEvaluation<E> | undefined) ?? null;
      if (evaluation === null) {
        evaluation = new ConditionEvaluation(nfa);
        ConditionEvaluation.cache.set(nfa, evaluation);
      }
    }
    if (evaluation.inUse) evaluation = new ConditionEvaluation(nfa);
    else ConditionEvaluation.recent = evaluation;
    evaluation.inUse = true;
    evaluation.event = event;
    evaluation.timestamp = timestamp;
    if (evaluation.errors.length > 0) evaluation.errors.length = 0;
    evaluation.clearCollected();
    if (++evaluation.eventGeneration === 0xffffffff) {
      evaluation.reported.fill(0);
      evaluation.eventGeneration = 1;
    }
    return evaluation;
  }

  /** Hands the scratch space back; the event and partial match it referenced are let go. */
  release(): void {
    this.inUse = false;
    this.event = undefined as E;
    this.last = null;
    this.matched = null;
  }

  addRun(run: Run<E>): void {
    this.runs[this.runCount++] = run;
  }

  addCompleted(run: Run<E>): void {
    this.completed[this.completedCount++] = run;
  }

  /** Forgets the runs collected from index `from` on. */
  dropRunsFrom(from: number): void {
    for (let i = from; i < this.runCount; i++) this.runs[i] = undefined as unknown as Run<E>;
    this.runCount = from;
  }

  /** The collected runs as an exact-size array (it goes into a state that may live long); resets them. */
  takeRuns(): Run<E>[] {
    if (this.runCount === 0) return [];
    const taken = this.runs.slice(0, this.runCount);
    this.dropRunsFrom(0);
    return taken;
  }

  /** Lets go of everything collected (so scratch space holds no events between calls). */
  clearCollected(): void {
    if (this.runCount > 0) this.dropRunsFrom(0);
    if (this.completedCount > 0) this.dropCompleted();
  }

  private dropCompleted(): void {
    for (let i = 0; i < this.completedCount; i++) this.completed[i] = undefined as unknown as Run<E>;
    this.completedCount = 0;
  }

  /** Switches to another partial match: cached results and matched events are forgotten. */
  forRun(last: MatchNode<E> | null): this {
    if (++this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
    this.last = last;
    this.matched = null;
    return this;
  }

  /** Starts a new traversal: every state counts as unvisited. */
  newTraversal(): void {
    if (++this.visitGeneration === 0xffffffff) {
      this.visits.fill(0);
      this.visitGeneration = 1;
    }
  }

  /** Marks `state` visited in the current traversal; false if it already was. */
  visit(state: number): boolean {
    if (this.visits[state] === this.visitGeneration) return false;
    this.visits[state] = this.visitGeneration;
    return true;
  }

  leaf(id: number): boolean {
    if (this.stamps[id] === this.generation) return this.values[id] === 1;
    const condition = this.nfa.conditions[id]!;
    let result = false;
    try {
      const raw: unknown = condition.test(this.event, this);
      const answer = readAnswer(raw);
      if (answer === 'promise') this.reportFailure(id, 'returned a promise; conditions must answer at once (they cannot be async)', raw);
      else result = answer;
    } catch (cause) {
      this.reportFailure(id, `threw on the event at ${this.timestamp}: ${describeThrown(cause)}`, cause);
    }
    this.stamps[id] = this.generation;
    this.values[id] = result ? 1 : 0;
    return result;
  }

  /** Reports that condition `id` failed on this event (once per event and condition); it counts as false. */
  private reportFailure(id: number, what: string, cause: unknown): void {
    if (this.reported[id] === this.eventGeneration) return;
    this.reported[id] = this.eventGeneration;
    const condition = this.nfa.conditions[id]!;
    this.errors.push({
      kind: 'error',
      code: 'condition-failed',
      step: condition.step,
      message: `${condition.role === 'until' ? 'until condition' : 'condition'} of step '${condition.step}' ${what}`,
      event: this.event,
      timestamp: this.timestamp,
      cause,
    });
  }

  eventsFor(step: string): readonly E[] {
    if (this.matched === null) {
      const matched = new Map<string, E[]>();
      for (let node = this.last; node !== null; node = node.previous) {
        const list = matched.get(node.step);
        if (list === undefined) matched.set(node.step, [node.event]);
        else list.push(node.event);
      }
      for (const list of matched.values()) list.reverse();
      this.matched = matched;
    }
    return this.matched.get(step) ?? EMPTY;
  }

  getEventsForPattern(step: string): readonly E[] {
    return this.eventsFor(step);
  }
}

const EMPTY: readonly never[] = Object.freeze([]);
