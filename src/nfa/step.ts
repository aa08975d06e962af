// The matcher as pure functions: (automaton, state, event, time) -> (new state, outputs).
// Nothing here does I/O or reads a clock; the state is plain data and is never mutated.
import { ConditionEvaluation } from './condition-evaluation.js';
import type { Nfa } from './nfa.js';
import type { MatcherOutput, MatchOutput, TimeoutOutput } from './outputs.js';
import { compareByStart, materialize, type MatchNode, type Run } from './partial-match.js';
import { isPruned, pruningFor } from './skip.js';

/**
 * The state of one stream (one key): its partial matches, the completed matches a skip strategy
 * still holds back, and the sequence number the next event gets. A stream with nothing pending
 * is `{ runs: [], held: [], nextSeq }` — it holds no events.
 */
export interface MatcherState<E> {
  /** Partial matches, ordered by first event. The start state is implicit and never stored. */
  readonly runs: readonly Run<E>[];
  /**
   * Completed matches not yet emitted: with a skip strategy a match waits until no partial match
   * that started earlier is alive (that one could complete first and prune it), as in Flink.
   */
  readonly held: readonly Run<E>[];
  readonly nextSeq: number;
}

/** Options of the step functions. */
export interface StepOptions {
  /** Emit timed-out partial matches. */
  readonly timeouts: boolean;
}

/** A new state and what it produced. */
export interface StepResult<E> {
  readonly state: MatcherState<E>;
  /** What happened, in order. Read-only: it may be a shared empty array. */
  readonly outputs: readonly MatcherOutput<E>[];
}

const EMPTY_STATE: MatcherState<never> = Object.freeze({ runs: Object.freeze([]), held: Object.freeze([]), nextSeq: 0 });
const NO_OUTPUTS: readonly MatcherOutput<never>[] = Object.freeze([]);
const NOTHING: StepResult<never> = Object.freeze({ state: EMPTY_STATE, outputs: NO_OUTPUTS });

/** The state of a stream that has seen nothing (shared and frozen: states are never mutated). */
export function initialState<E>(): MatcherState<E> {
  return EMPTY_STATE;
}

/**
 * Offers one event to every partial match and to the start state. Call {@link advanceTime} with
 * the event's timestamp first so that expired partial matches cannot take it.
 */
export function consumeEvent<E>(nfa: Nfa<E>, state: MatcherState<E>, event: E, timestamp: number, options: StepOptions): StepResult<E> {
  const seq = state.nextSeq;
  const evaluation = ConditionEvaluation.acquire(nfa, event, timestamp);
  const runs: Run<E>[] = [];
  const completed: Run<E>[] = [];
  let outputs: MatcherOutput<E>[];
  try {
    for (const run of state.runs) advanceRun(nfa, run, false, event, timestamp, seq, evaluation, runs, completed);
    const start: Run<E> = { state: nfa.start, last: null, startTimestamp: timestamp, startSeq: seq };
    advanceRun(nfa, start, true, event, timestamp, seq, evaluation, runs, completed);
    outputs = evaluation.errors.length === 0 ? [] : [...evaluation.errors];
  } finally {
    evaluation.release();
  }
  // Most events start nothing for a key that holds nothing: answer without allocating. (Sequence
  // numbers only order partial matches against each other, so numbering may start over once
  // none is left.)
  if (runs.length === 0 && completed.length === 0 && state.held.length === 0 && outputs.length === 0) return NOTHING;
  // A grown array keeps spare slots (16 for one run); the state lives on, so keep it exact.
  const kept = runs.length < 16 ? runs.slice() : runs;
  let held = state.held;
  if (nfa.skip.kind === 'noSkip') {
    for (const run of completed) outputs.push(matchOutput(nfa, run.last!));
  } else if (completed.length > 0 || held.length > 0) {
    held = emitInOrder(nfa, [...held, ...completed].sort(compareByStart), kept, outputs);
  }
  return { state: { runs: kept, held, nextSeq: seq + 1 }, outputs };
}

/**
 * Moves time to `timestamp`: partial matches whose window `[start, start + within)` has ended
 * time out, except those waiting at a trailing `notFollowedBy`, which complete as matches.
 * Matches are reported before timeouts. Without a window this returns the state unchanged.
 */
export function advanceTime<E>(nfa: Nfa<E>, state: MatcherState<E>, timestamp: number, options: StepOptions): StepResult<E> {
  const windowMs = nfa.windowMs;
  if (windowMs === null || state.runs.length === 0) return { state, outputs: NO_OUTPUTS };
  // Most calls expire nothing: answer those without allocating.
  if (timestamp - earliestStart(state.runs) < windowMs) return { state, outputs: NO_OUTPUTS };
  const kept: Run<E>[] = [];
  const completed: Run<E>[] = [];
  const timeouts: TimeoutOutput<E>[] = [];
  let reported: Set<string> | null = null;
  for (const run of state.runs) {
    if (timestamp - run.startTimestamp < windowMs) kept.push(run);
    else if (nfa.states[run.state]!.kind === 'pending') completed.push(run);
    else if (options.timeouts) {
      // Several branches can wait with the same events (e.g. inside a loop and before the next
      // step); a user is told once that those events timed out, not once per branch.
      const identity = eventIdentity(run.last);
      reported ??= new Set();
      if (!reported.has(identity)) {
        reported.add(identity);
        timeouts.push({
          kind: 'timeout',
          events: materialize(run.last, nfa.stepNames),
          startTimestamp: run.startTimestamp,
          timeoutTimestamp: run.startTimestamp + windowMs,
        });
      }
    }
  }
  if (kept.length === state.runs.length) return { state, outputs: NO_OUTPUTS };
  const outputs: MatcherOutput<E>[] = [];
  let held = state.held;
  if (nfa.skip.kind === 'noSkip') {
    for (const run of completed) outputs.push(matchOutput(nfa, run.last!));
  } else if (completed.length > 0 || held.length > 0) {
    held = emitInOrder(nfa, [...held, ...completed].sort(compareByStart), kept, outputs);
  }
  outputs.push(...timeouts);
  return { state: { runs: kept, held, nextSeq: state.nextSeq }, outputs };
}

/**
 * Computes what one partial match becomes on one event (Flink's computeNextStates): follow every
 * PROCEED edge whose guard holds, then branch once per TAKE or IGNORE edge that holds. A branch
 * that reaches a stop state (a negation matched) kills every branch of this partial match except
 * the matches completed on the same event.
 */
function advanceRun<E>(
  nfa: Nfa<E>,
  run: Run<E>,
  isStart: boolean,
  event: E,
  timestamp: number,
  seq: number,
  evaluation: ConditionEvaluation<E>,
  runs: Run<E>[],
  completed: Run<E>[],
): void {
  evaluation.forRun(run.last);
  const count = collectOutgoingEdges(nfa, run.state, evaluation);
  if (count === 0) return;
  const retainedFrom = runs.length;
  let stopped = false;
  const { edges, sources } = evaluation;
  for (let i = 0; i < count; i++) {
    const edge = edges[i]!;
    let next: Run<E>;
    let alsoFinal = false;
    if (edge.action === 'ignore') {
      if (isStart) continue;
      next = { state: edge.target, last: run.last, startTimestamp: run.startTimestamp, startSeq: run.startSeq };
    } else {
      const last: MatchNode<E> = { step: nfa.states[sources[i]!]!.step, event, timestamp, seq, previous: run.last };
      next = { state: edge.target, last, startTimestamp: run.startTimestamp, startSeq: run.startSeq };
      alsoFinal = reachesFinalByProceeding(nfa, edge.target, evaluation);
    }
    const kind = nfa.states[next.state]!.kind;
    if (kind === 'final') completed.push(next);
    else if (kind === 'stop') stopped = true;
    else runs.push(next);
    if (alsoFinal) completed.push({ state: nfa.final, last: next.last, startTimestamp: run.startTimestamp, startSeq: run.startSeq });
  }
  // A negation matched on some branch: every branch of this partial match dies with it.
  if (stopped) runs.length = retainedFrom;
}

/**
 * Collects into `evaluation.edges` / `evaluation.sources` the TAKE and IGNORE edges reachable
 * from `state` through PROCEED edges whose guards hold, and returns how many there are.
 */
function collectOutgoingEdges<E>(nfa: Nfa<E>, state: number, evaluation: ConditionEvaluation<E>): number {
  const { stack, edges, sources } = evaluation;
  let count = 0;
  evaluation.newTraversal();
  evaluation.visit(state);
  stack.length = 0;
  stack.push(state);
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const edge of nfa.states[current]!.edges) {
      if (!edge.test(evaluation)) continue;
      if (edge.action !== 'proceed') {
        edges[count] = edge;
        sources[count] = current;
        count++;
      } else if (evaluation.visit(edge.target)) {
        stack.push(edge.target);
      }
    }
  }
  return count;
}

/**
 * Whether the state just entered can reach the final state by PROCEED edges on the same event:
 * then the partial match is also a match now (e.g. after an event of `b+`, or before an
 * optional last step). Guards are evaluated against the partial match as it was before the take.
 */
function reachesFinalByProceeding<E>(nfa: Nfa<E>, state: number, evaluation: ConditionEvaluation<E>): boolean {
  if (!evaluation.hasProceedEdges(state)) return false;
  const stack = evaluation.stack;
  evaluation.newTraversal();
  evaluation.visit(state);
  stack.length = 0;
  stack.push(state);
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const edge of nfa.states[current]!.edges) {
      if (edge.action !== 'proceed' || !edge.test(evaluation)) continue;
      if (nfa.states[edge.target]!.kind === 'final') return true;
      if (evaluation.visit(edge.target)) stack.push(edge.target);
    }
  }
  return false;
}

/**
 * Emits held and new matches in order of their first event while no live partial match started
 * earlier, applying the skip strategy after each. Returns the matches still held.
 */
function emitInOrder<E>(nfa: Nfa<E>, completed: Run<E>[], runs: Run<E>[], outputs: MatcherOutput<E>[]): Run<E>[] {
  let queue = completed;
  while (queue.length > 0) {
    const earliestRun = earliest(runs);
    const match = queue[0]!;
    if (earliestRun !== null && compareByStart(match, earliestRun) > 0) break;
    queue = queue.slice(1);
    const pruning = pruningFor(nfa.skip, match.last!);
    if (pruning.kind === 'miss') {
      outputs.push({
        kind: 'error',
        code: 'skip-target-missing',
        step: nfa.skip.kind === 'skipToFirst' || nfa.skip.kind === 'skipToLast' ? nfa.skip.step : '',
        message: pruning.message,
        timestamp: match.last!.timestamp,
        events: materialize(match.last, nfa.stepNames),
      });
      continue;
    }
    if (pruning.kind === 'prune') {
      removeWhere(runs, (run) => isPruned(run, pruning));
      queue = queue.filter((held) => !isPruned(held, pruning));
    }
    outputs.push(matchOutput(nfa, match.last!));
  }
  return queue;
}

function earliest<E>(runs: readonly Run<E>[]): Run<E> | null {
  let best: Run<E> | null = null;
  for (const run of runs) if (best === null || compareByStart(run, best) < 0) best = run;
  return best;
}

function removeWhere<T>(items: T[], predicate: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!predicate(item)) items[kept++] = item;
  items.length = kept;
}

function matchOutput<E>(nfa: Nfa<E>, last: MatchNode<E>): MatchOutput<E> {
  let first = last;
  while (first.previous !== null) first = first.previous;
  return { kind: 'match', events: materialize(last, nfa.stepNames), startTimestamp: first.timestamp, endTimestamp: last.timestamp };
}

function earliestStart(runs: readonly Run<unknown>[]): number {
  let earliest = Infinity;
  for (const run of runs) if (run.startTimestamp < earliest) earliest = run.startTimestamp;
  return earliest;
}

function eventIdentity(last: MatchNode<unknown> | null): string {
  let identity = '';
  for (let node = last; node !== null; node = node.previous) identity += `${node.seq}:${node.step};`;
  return identity;
}
