// Turning a captured engine state into checkpoint data. Capturing is O(patterns) and happens
// between two events; this conversion walks every key and runs later, off the hot path, reading
// the copy-on-write captures while the engine goes on.
import type { MatchNode, Run } from '../nfa/partial-match.js';
import type { Nfa } from '../nfa/nfa.js';
import type { MatcherState } from '../nfa/step.js';
import type { PatternModel } from '../pattern/model.js';
import type { Key } from '../runtime/record-fields.js';
import { CHECKPOINT_VERSION, type CheckpointData, type CheckpointKey, type CheckpointNode, type CheckpointRun, type CheckpointTime, type EngineStats } from './checkpoint.js';
import type { MapCapture } from './cow-map.js';
import { patternFingerprint, stepFingerprints } from './fingerprint.js';

/** An engine's state at one instant between two records, cheap to take. */
export interface EngineSnapshot<E> {
  readonly createdAt: string;
  readonly position: unknown;
  readonly time: CheckpointTime;
  readonly stats: EngineStats;
  readonly buffer: readonly { readonly timestamp: number; readonly arrival: number; readonly record: E }[];
  readonly patterns: readonly {
    readonly name: string;
    readonly model: PatternModel<E>;
    readonly nfa: Nfa<E>;
    readonly capture: MapCapture<Key, MatcherState<E>>;
  }[];
  readonly sinks: Readonly<Record<string, unknown>>;
}

/**
 * Converts a snapshot to checkpoint data, yielding to the event loop every `yieldEveryMs`, and
 * releases the snapshot's captures when done.
 */
export async function snapshotToCheckpoint<E>(snapshot: EngineSnapshot<E>, options: { yieldEveryMs?: number } = {}): Promise<CheckpointData> {
  const budget = options.yieldEveryMs ?? 5;
  const steps = convert(snapshot);
  let sliceStart = performance.now();
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done === true) return next.value;
    if (performance.now() - sliceStart >= budget) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** Converts a snapshot in one go. */
export function snapshotToCheckpointSync<E>(snapshot: EngineSnapshot<E>): CheckpointData {
  const steps = convert(snapshot);
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

/** The conversion, pausable after every key. */
function* convert<E>(snapshot: EngineSnapshot<E>): Generator<void, CheckpointData> {
  const events: unknown[] = [];
  const eventIds = new Map<unknown, number>();
  const nodes: CheckpointNode[] = [];
  const nodeIds = new Map<MatchNode<E>, number>();
  const eventId = (event: unknown): number => {
    let id = eventIds.get(event);
    if (id === undefined) {
      id = events.length;
      events.push(event);
      eventIds.set(event, id);
    }
    return id;
  };
  const nodeId = (last: MatchNode<E> | null): number => {
    if (last === null) return -1;
    const known = nodeIds.get(last);
    if (known !== undefined) return known;
    // Walk back to the first node already written, then write the rest oldest first.
    const chain: MatchNode<E>[] = [];
    let node: MatchNode<E> | null = last;
    while (node !== null && !nodeIds.has(node)) {
      chain.push(node);
      node = node.previous;
    }
    let previous = node === null ? -1 : nodeIds.get(node)!;
    for (let i = chain.length - 1; i >= 0; i--) {
      const current = chain[i]!;
      const id = nodes.length;
      nodes.push([current.step, eventId(current.event), current.timestamp, current.seq, previous]);
      nodeIds.set(current, id);
      previous = id;
    }
    return previous;
  };
  const encodeRuns = (runs: readonly Run<E>[], nfa: Nfa<E>): CheckpointRun[] =>
    runs.map((run) => [nfa.states[run.state]!.name, nodeId(run.last), run.startTimestamp, run.startSeq]);

  try {
    const patterns = [];
    for (const pattern of snapshot.patterns) {
      const keys: CheckpointKey[] = [];
      for (const [key, state] of pattern.capture.entries()) {
        keys.push({ key, nextSeq: state.nextSeq, runs: encodeRuns(state.runs, pattern.nfa), held: encodeRuns(state.held, pattern.nfa) });
        yield;
      }
      patterns.push({
        name: pattern.name,
        fingerprint: patternFingerprint(pattern.model),
        steps: stepFingerprints(pattern.model.steps),
        keys,
      });
    }
    const buffer = snapshot.buffer.map((entry) => [entry.timestamp, entry.arrival, eventId(entry.record)] as const);
    return {
      version: CHECKPOINT_VERSION,
      createdAt: snapshot.createdAt,
      position: snapshot.position,
      time: snapshot.time,
      stats: snapshot.stats,
      patterns,
      events,
      nodes,
      buffer,
      sinks: snapshot.sinks,
    };
  } finally {
    for (const pattern of snapshot.patterns) pattern.capture.release();
  }
}
