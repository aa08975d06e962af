// The matcher as pure functions: (automaton, state, event, time) -> (new state, outputs).
// Nothing here does I/O or reads a clock; the state is plain data and is never mutated.
import { ConditionEvaluation } from './condition-evaluation.js';
import type { Nfa } from './nfa.js';
import type { MatcherOutput, MatchOutput, TimeoutOutput } from './outputs.js';
import { compareByStart, firstNodeOf, LinkedRun, materialize, StartNode, type MatchNode, type Run } from './partial-match.js';
import { isPruned, pruningFor } from './skip.js';

/**
 * The state of one stream (one key): its partial matches, the completed matches a skip strategy
 * still holds back, and the sequence number the next event gets. A stream with nothing pending
 * is `{ runs: [], held: [], nextSeq }` — it holds no events.
 */
export interface MatcherState<E> {
  /**
   * Partial matches, ordered by first event. The start state is implicit and never stored. A
   * state may build this array on each read (the keyed runtime's slots do): read it once.
   */
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
  const outputs: MatcherOutput<E>[] = [];
  const next = consumeEventInto(nfa, state, event, timestamp, options, outputs);
  if (next === EMPTY_STATE && outputs.length === 0) return NOTHING;
  return { state: next, outputs: outputs.length === 0 ? NO_OUTPUTS : outputs };
}

/**
 * {@link consumeEvent} for callers that collect outputs themselves: appends them to `outputs` and
 * returns the new state — the same object when the event changed nothing, so a caller can tell.
 */
export function consumeEventInto<E>(nfa: Nfa<E>, state: MatcherState<E>, event: E, timestamp: number, options: StepOptions, outputs: MatcherOutput<E>[]): MatcherState<E> {
  const seq = state.nextSeq;
  const evaluation = ConditionEvaluation.acquire(nfa, event, timestamp);
  const before = outputs.length;
  let next: MatcherState<E>;
  try {
    const previous = state.runs;
    for (let i = 0; i < previous.length; i++) {
      const run = previous[i]!;
      advanceRun(nfa, run, run.state, run.last, firstNodeOf(run), event, timestamp, seq, evaluation);
    }
    advanceRun(nfa, null, nfa.start, null, null, event, timestamp, seq, evaluation);
    for (const error of evaluation.errors) outputs.push(error);
    next = nextState(nfa, state, previous, evaluation, seq, outputs, before);
  } finally {
    evaluation.release();
  }
  return next;
}

/** Builds the state after an event from the runs the evaluation collected (`previous`: the state's runs, read once). */
function nextState<E>(
  nfa: Nfa<E>,
  state: MatcherState<E>,
  previous: readonly Run<E>[],
  evaluation: ConditionEvaluation<E>,
  seq: number,
  outputs: MatcherOutput<E>[],
  before: number,
): MatcherState<E> {
  const runCount = evaluation.runCount;
  const completedCount = evaluation.completedCount;
  const held = state.held;
  if (completedCount === 0 && outputs.length === before) {
    // Nothing taken anywhere and every partial match still waits where it was: the same state.
    // (Sequence numbers only order partial matches against each other, and none holds this
    // event, so the next event may reuse its number.)
    if (runCount === 0 && held.length === 0) return EMPTY_STATE;
    if (runCount === previous.length && sameRuns(evaluation.runs, previous, runCount)) {
      evaluation.clearCollected();
      return state;
    }
  }
  const kept = evaluation.takeRuns();
  const stillHeld = emitCompleted(nfa, held, evaluation.completed, completedCount, kept, outputs);
  evaluation.clearCollected();
  if (kept.length === 0 && stillHeld.length === 0) return EMPTY_STATE;
  return { runs: kept, held: stillHeld, nextSeq: seq + 1 };
}

/**
 * Sends out the first `count` of `completed`: all at once without a skip strategy; otherwise, with
 * the matches held back before, in start order as far as no partial match in `kept` (which the
 * skip strategy may prune) started earlier. Returns the matches still held back.
 */
function emitCompleted<E>(nfa: Nfa<E>, held: readonly Run<E>[], completed: readonly Run<E>[], count: number, kept: Run<E>[], outputs: MatcherOutput<E>[]): readonly Run<E>[] {
  if (nfa.skip.kind === 'noSkip') {
    for (let i = 0; i < count; i++) outputs.push(matchOutput(nfa, completed[i]!.last!));
    return held;
  }
  if (count === 0 && held.length === 0) return held;
  const candidates = held.slice();
  for (let i = 0; i < count; i++) candidates.push(completed[i]!);
  return emitInOrder(nfa, candidates.sort(compareByStart), kept, outputs);
}

function sameRuns<E>(collected: readonly Run<E>[], runs: readonly Run<E>[], count: number): boolean {
  for (let i = 0; i < count; i++) if (collected[i] !== runs[i]) return false;
  return true;
}

/**
 * Moves time to `timestamp`: partial matches whose window has ended time out, except those
 * waiting at a trailing `notFollowedBy`, which complete as matches. A partial match's window ends
 * at `start + within` (the pattern-wide window) or, while it waits in a state with a per-step
 * window, at `last taken event + that window`, whichever comes first. A timeout reports the
 * per-step end when that one has passed, else the pattern-wide one (Flink's NFA.advanceTime).
 * Matches are reported before timeouts. Without windows this returns the state unchanged.
 */
export function advanceTime<E>(nfa: Nfa<E>, state: MatcherState<E>, timestamp: number, options: StepOptions): StepResult<E> {
  const outputs: MatcherOutput<E>[] = [];
  const next = advanceTimeInto(nfa, state, timestamp, options, outputs);
  return { state: next, outputs: outputs.length === 0 ? NO_OUTPUTS : outputs };
}

/**
 * {@link advanceTime} for callers that collect outputs themselves: appends them to `outputs` and
 * returns the new state (the same object when nothing expired).
 */
export function advanceTimeInto<E>(nfa: Nfa<E>, state: MatcherState<E>, timestamp: number, options: StepOptions, outputs: MatcherOutput<E>[]): MatcherState<E> {
  const windowMs = nfa.windowMs;
  if (windowMs === null && !nfa.hasStateWindows) return state;
  // Read once: a runtime's state may build the array on each read (see KeySlot).
  const runs = state.runs;
  if (runs.length === 0) return state;
  // Most calls expire nothing: answer those without allocating. Without per-step windows the
  // first run's window ends first (runs are ordered by start).
  if (nfa.hasStateWindows ? !anyExpired(nfa, runs, timestamp) : timestamp < runs[0]!.startTimestamp + windowMs!) return state;
  const kept: Run<E>[] = [];
  const completed: Run<E>[] = [];
  const expired: Run<E>[] = [];
  for (const run of runs) {
    if (windowEndOf(nfa, run, timestamp) === null) kept.push(run);
    else if (nfa.states[run.state]!.kind === 'pending') completed.push(run);
    else if (options.timeouts) expired.push(run);
  }
  const held = emitCompleted(nfa, state.held, completed, completed.length, kept, outputs);
  // Several branches can wait with the same events (e.g. inside a loop and before the next
  // step); a user is told once that those events timed out, not once per branch — once per
  // window end, when per-step windows give the branches different ones.
  const reported = expired.length > 1 ? new Set<string>() : null;
  for (const run of expired) {
    const end = windowEndOf(nfa, run, timestamp)!;
    if (reported !== null) {
      const identity = `${end};${eventIdentity(run.last)}`;
      if (reported.has(identity)) continue;
      reported.add(identity);
    }
    outputs.push({
      kind: 'timeout',
      events: materialize(run.last, nfa.stepNames),
      startTimestamp: run.startTimestamp,
      timeoutTimestamp: end,
    });
  }
  if (kept.length === 0 && held.length === 0) return EMPTY_STATE;
  return { runs: kept, held, nextSeq: state.nextSeq };
}

/**
 * When the window of a partial match waiting in its state ends: the earlier of `start + within`
 * and, in a state with a per-step window, `last.ts + window`; `Infinity` without either. The
 * keyed runtime queues its timers for these deadlines.
 */
export function deadlineOf<E>(nfa: Nfa<E>, run: Run<E>): number {
  const within = nfa.windowMs === null ? Infinity : run.startTimestamp + nfa.windowMs;
  const stateWindow = nfa.states[run.state]!.windowMs;
  if (stateWindow === null || run.last === null) return within;
  return Math.min(within, run.last.timestamp + stateWindow);
}

/**
 * If the window of `run` has ended by `timestamp`, the end it reports: its per-step window's end
 * when that has passed (even if the pattern-wide one passed earlier, as Flink reports it), else
 * the pattern-wide end; `null` while both are open. Flink never times out the start state, and
 * our start state holds no runs. A window ends when time reaches `start + window`, computed as
 * {@link deadlineOf} computes it (not as `time - start >= window`, which rounds differently for
 * fractional timestamps): a timer queued for that deadline must find the window ended.
 */
function windowEndOf<E>(nfa: Nfa<E>, run: Run<E>, timestamp: number): number | null {
  const stateWindow = nfa.states[run.state]!.windowMs;
  if (stateWindow !== null && run.last !== null && timestamp >= run.last.timestamp + stateWindow) return run.last.timestamp + stateWindow;
  if (nfa.windowMs !== null && timestamp >= run.startTimestamp + nfa.windowMs) return run.startTimestamp + nfa.windowMs;
  return null;
}

function anyExpired<E>(nfa: Nfa<E>, runs: readonly Run<E>[], timestamp: number): boolean {
  for (let i = 0; i < runs.length; i++) if (windowEndOf(nfa, runs[i]!, timestamp) !== null) return true;
  return false;
}

/**
 * Computes what one partial match becomes on one event (Flink's computeNextStates): follow every
 * PROCEED edge whose guard holds, then branch once per TAKE or IGNORE edge that holds. A branch
 * that reaches a stop state (a negation matched) kills every branch of this partial match except
 * the matches completed on the same event. `run` is the partial match itself, `null` for the
 * start state (which never ignores: an event that starts nothing leaves nothing behind); `first`
 * its first taken event. New runs and completed matches go to the evaluation's collections.
 */
function advanceRun<E>(
  nfa: Nfa<E>,
  run: Run<E> | null,
  state: number,
  last: MatchNode<E> | null,
  first: MatchNode<E> | null,
  event: E,
  timestamp: number,
  seq: number,
  evaluation: ConditionEvaluation<E>,
): void {
  evaluation.forRun(last);
  const plan = evaluation.plan;
  let edges = plan.edges[state]!;
  let sources = plan.sources[state]!;
  let count: number;
  if (edges !== null) {
    count = edges.length;
  } else {
    count = collectOutgoingEdges(nfa, state, evaluation);
    edges = evaluation.edges;
    sources = evaluation.sources;
  }
  if (count === 0) return;
  const retainedFrom = evaluation.runCount;
  let stopped = false;
  for (let i = 0; i < count; i++) {
    const edge = edges[i]!;
    // Planned edges still need their own guard; collected ones passed it already.
    if (edges !== evaluation.edges && !edge.test(evaluation)) continue;
    let next: Run<E>;
    let origin: MatchNode<E> | null = null;
    if (edge.action === 'ignore') {
      if (run === null) continue;
      // Waiting on where it was: the partial match itself, unchanged.
      if (edge.target === state && sources[i] === state) next = run;
      else if (last !== null && first !== null) next = new LinkedRun(edge.target, last, first);
      else next = { state: edge.target, last, startTimestamp: run.startTimestamp, startSeq: run.startSeq };
    } else {
      const step = nfa.states[sources[i]!]!.step;
      if (last === null) {
        const start = new StartNode<E>(edge.target, step, event, timestamp, seq);
        origin = start;
        next = start;
      } else {
        const taken: MatchNode<E> = { step, event, timestamp, seq, previous: last };
        origin = first ?? taken;
        next = new LinkedRun(edge.target, taken, origin);
      }
    }
    const kind = nfa.states[next.state]!.kind;
    if (kind === 'final') evaluation.addCompleted(next);
    else if (kind === 'stop') stopped = true;
    else evaluation.addRun(next);
    if (origin !== null) {
      const reaches = plan.reachesFinal[edge.target]!;
      if (reaches === 1 || (reaches === 2 && reachesFinalByProceeding(nfa, edge.target, evaluation))) {
        evaluation.addCompleted(new LinkedRun(nfa.final, next.last!, origin));
      }
    }
  }
  // A negation matched on some branch: every branch of this partial match dies with it.
  if (stopped) evaluation.dropRunsFrom(retainedFrom);
}

/**
 * Collects into `evaluation.edges` / `evaluation.sources` the TAKE and IGNORE edges reachable
 * from `state` through PROCEED edges whose guards hold, and returns how many there are. Only for
 * states whose walk depends on the event (see edge-plan.ts).
 */
function collectOutgoingEdges<E>(nfa: Nfa<E>, state: number, evaluation: ConditionEvaluation<E>): number {
  const { stack, edges, sources } = evaluation;
  let count = 0;
  evaluation.newTraversal();
  evaluation.visit(state);
  let depth = 0;
  stack[depth++] = state;
  while (depth > 0) {
    const current = stack[--depth]!;
    for (const edge of nfa.states[current]!.edges) {
      if (!edge.test(evaluation)) continue;
      if (edge.action !== 'proceed') {
        edges[count] = edge;
        sources[count] = current;
        count++;
      } else if (evaluation.visit(edge.target)) {
        stack[depth++] = edge.target;
      }
    }
  }
  return count;
}

/**
 * Whether the state just entered can reach the final state by PROCEED edges on the same event:
 * then the partial match is also a match now (e.g. after an event of `b+`, or before an
 * optional last step). Guards are evaluated against the partial match as it was before the take.
 * Only for states whose answer depends on the event (see edge-plan.ts).
 */
function reachesFinalByProceeding<E>(nfa: Nfa<E>, state: number, evaluation: ConditionEvaluation<E>): boolean {
  const stack = evaluation.finalStack;
  evaluation.newTraversal();
  evaluation.visit(state);
  let depth = 0;
  stack[depth++] = state;
  while (depth > 0) {
    const current = stack[--depth]!;
    for (const edge of nfa.states[current]!.edges) {
      if (edge.action !== 'proceed' || !edge.test(evaluation)) continue;
      if (nfa.states[edge.target]!.kind === 'final') return true;
      if (evaluation.visit(edge.target)) stack[depth++] = edge.target;
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

function eventIdentity(last: MatchNode<unknown> | null): string {
  let identity = '';
  for (let node = last; node !== null; node = node.previous) identity += `${node.seq}:${node.step};`;
  return identity;
}
