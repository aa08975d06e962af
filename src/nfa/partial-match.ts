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

/** Groups the taken events by step, with keys in pattern order (`stepNames`). */
export function materialize<E>(last: MatchNode<E> | null, stepNames: readonly string[]): MatchedEvents<E> {
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
