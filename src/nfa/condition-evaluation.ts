// Evaluates user conditions for one event against one partial match at a time. Results are cached
// per (partial match, event), and a condition that throws counts as false and is reported once
// per event and step, so one bad event never takes the matcher down.
import type { ConditionContext } from '../pattern/condition.js';
import type { LeafEvaluator, Nfa } from './nfa.js';
import type { MatcherErrorOutput } from './outputs.js';
import type { MatchNode } from './partial-match.js';

/** Scratch space for evaluating the conditions of one automaton on one event. */
export class ConditionEvaluation<E> implements LeafEvaluator, ConditionContext<E> {
  readonly errors: MatcherErrorOutput<E>[] = [];
  private readonly stamps: Uint32Array;
  private readonly values: Uint8Array;
  private readonly reported: Uint8Array;
  private generation = 0;
  private last: MatchNode<E> | null = null;
  private matched: Map<string, E[]> | null = null;

  constructor(
    private readonly nfa: Nfa<E>,
    private readonly event: E,
    readonly timestamp: number,
  ) {
    const size = nfa.conditions.length;
    this.stamps = new Uint32Array(size);
    this.values = new Uint8Array(size);
    this.reported = new Uint8Array(size);
  }

  /** Switches to another partial match: cached results and matched events are forgotten. */
  forRun(last: MatchNode<E> | null): this {
    this.generation++;
    this.last = last;
    this.matched = null;
    return this;
  }

  leaf(id: number): boolean {
    if (this.stamps[id] === this.generation) return this.values[id] === 1;
    const condition = this.nfa.conditions[id]!;
    let result = false;
    try {
      result = condition.test(this.event, this) === true;
    } catch (cause) {
      if (this.reported[id] === 0) {
        this.reported[id] = 1;
        this.errors.push({
          kind: 'error',
          code: 'condition-failed',
          step: condition.step,
          message: `${condition.role === 'until' ? 'until condition' : 'condition'} of step '${condition.step}' threw on the event at ${this.timestamp}: ${describe(cause)}`,
          event: this.event,
          timestamp: this.timestamp,
          cause,
        });
      }
    }
    this.stamps[id] = this.generation;
    this.values[id] = result ? 1 : 0;
    return result;
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

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
