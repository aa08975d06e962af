// Partial matches share their history: each taken event is one node pointing at the node before
// it (a persistent linked list, Flink's SharedBuffer with the garbage collector as ref-counter).
// Extending a partial match costs one node; branches share every node they have in common.
import type { MatchedEvents } from './outputs.js';

/** One taken event of a partial match, linked to the events taken before it. */
export interface MatchNode<E> {
  /** The step that took the event. */
  readonly step: string;
  readonly event: E;
  readonly timestamp: number;
  /** Arrival sequence number of the event within its stream (ties on timestamp keep order). */
  readonly seq: number;
  readonly previous: MatchNode<E> | null;
}

/**
 * A partial match (Flink's ComputationState): the automaton state it waits in, the events it has
 * taken, and where it started. Plain data: the state is an index into the automaton's states.
 */
export interface Run<E> {
  readonly state: number;
  readonly last: MatchNode<E> | null;
  readonly startTimestamp: number;
  readonly startSeq: number;
}

/**
 * The runs the step function makes: every one has taken an event, so its start is its first
 * node's time and sequence number, and it points at that node instead of copying them (each copy
 * of an epoch-millisecond time is a 16-byte heap number, and runs are the most numerous objects).
 */
export class LinkedRun<E> implements Run<E> {
  constructor(
    readonly state: number,
    readonly last: MatchNode<E>,
    /** The partial match's first event. */
    readonly first: MatchNode<E>,
  ) {}

  get startTimestamp(): number {
    return this.first.timestamp;
  }

  get startSeq(): number {
    return this.first.seq;
  }
}

/**
 * A partial match that has taken one event, and that event's node, in one object. Every partial
 * match starts this way, and in many patterns (`created -> paid`) most end before taking a
 * second event: one object instead of a node plus a run saves 56 bytes and an allocation per
 * partial match, and a pointer to follow on its next event. A partial match that goes on from it
 * is a {@link LinkedRun} whose nodes end in this one; as a node it keeps its `state` unused.
 */
export class StartNode<E> implements Run<E>, MatchNode<E> {
  constructor(
    readonly state: number,
    readonly step: string,
    readonly event: E,
    readonly timestamp: number,
    readonly seq: number,
  ) {}

  get previous(): null {
    return null;
  }

  get last(): MatchNode<E> {
    return this;
  }

  get startTimestamp(): number {
    return this.timestamp;
  }

  get startSeq(): number {
    return this.seq;
  }
}

/** The first taken event of a partial match, or `null` if it has taken none. */
export function firstNodeOf<E>(run: Run<E>): MatchNode<E> | null {
  if (run instanceof LinkedRun) return run.first;
  if (run instanceof StartNode) return run;
  let node = run.last;
  while (node !== null && node.previous !== null) node = node.previous;
  return node;
}

/** Orders partial matches by their first event (timestamp, then arrival), as Flink does. */
export function compareByStart(a: Run<unknown>, b: Run<unknown>): number {
  return a.startTimestamp - b.startTimestamp || a.startSeq - b.startSeq;
}

/** The taken events oldest first. */
export function nodesOf<E>(last: MatchNode<E> | null): MatchNode<E>[] {
  const nodes: MatchNode<E>[] = [];
  for (let node = last; node !== null; node = node.previous) nodes.push(node);
  return nodes.reverse();
}

/** Reused by {@link materialize} to walk a list oldest first (it calls no user code, so it cannot re-enter). */
const scratch: (MatchNode<unknown> | undefined)[] = [];

/** Groups the taken events by step, with keys in pattern order (`stepNames`). */
export function materialize<E>(last: MatchNode<E> | null, stepNames: readonly string[]): MatchedEvents<E> {
  let count = 0;
  for (let node = last; node !== null; node = node.previous) scratch[count++] = node;
  // Usually each step's events are one stretch of the list, in pattern order: build the record
  // in one pass. Loops of groups (`(a b){2}`) interleave steps; those take the general way.
  const result: Record<string, E[]> = {};
  let position = -1;
  let list: E[] | null = null;
  let inOrder = true;
  for (let i = count - 1; i >= 0; i--) {
    const node = scratch[i] as MatchNode<E>;
    scratch[i] = undefined;
    if (!inOrder) continue;
    if (list !== null && node.step === stepNames[position]) {
      list.push(node.event);
      continue;
    }
    do position++;
    while (position < stepNames.length && stepNames[position] !== node.step);
    if (position === stepNames.length) {
      inOrder = false;
      continue;
    }
    list = [node.event];
    result[node.step] = list;
  }
  return inOrder ? result : materializeInterleaved(last, stepNames);
}

function materializeInterleaved<E>(last: MatchNode<E> | null, stepNames: readonly string[]): MatchedEvents<E> {
  const byStep = new Map<string, E[]>();
  for (let node = last; node !== null; node = node.previous) {
    const list = byStep.get(node.step);
    if (list === undefined) byStep.set(node.step, [node.event]);
    else list.push(node.event);
  }
  const result: Record<string, readonly E[]> = {};
  for (const name of stepNames) {
    const list = byStep.get(name);
    if (list !== undefined) result[name] = list.reverse();
  }
  return result;
}
