// Working out, from checkpoint data and the patterns an engine runs now, the exact state to
// resume from — or why that is not possible. Pure: the engine applies the plan.
import { LinkedRun, type MatchNode, type Run } from '../nfa/partial-match.js';
import type { Nfa } from '../nfa/nfa.js';
import { initialState, type MatcherState } from '../nfa/step.js';
import type { PatternModel } from '../pattern/model.js';
import type { Key } from '../runtime/record-fields.js';
import { isLine } from '../runtime/record-line.js';
import { describeFieldValue } from '../text/describe.js';
import { CheckpointError, type CheckpointData, type CheckpointPattern, type CheckpointRun, type EngineStats, type TimeMode } from './checkpoint.js';
import { patternFingerprint, stepFingerprints } from './fingerprint.js';
import { counted } from '../text/counted.js';

/** Choices for state that no longer fits the patterns being run. */
export interface RestoreOptions {
  /** Drop the state of patterns the checkpoint has but the engine no longer runs (default: refuse). */
  readonly dropUnknownPatterns?: boolean;
  /**
   * Drop partial matches in steps that were removed or changed, and those of patterns whose key
   * changed (default: refuse, naming them).
   */
  readonly dropIncompatible?: boolean;
  /** Names the checkpoint in error messages (e.g. its file). */
  readonly source?: string;
}

/** How the engine that restores keeps time. */
export interface RestoreTime {
  readonly mode: TimeMode;
  /** In event time, the fingerprint of the timestamp selector (see `timestampFingerprint`); `null` to skip the check. */
  readonly timestamp: string | null;
}

/** A pattern the engine runs now. */
export interface RestoreTarget<E> {
  readonly name: string;
  readonly model: PatternModel<E>;
  /** Fingerprint of how the pattern is keyed now (see `keyFingerprint`). */
  readonly keyFingerprint: string;
  readonly nfa: Nfa<E>;
}

/** State that was dropped on request. */
export interface DroppedState {
  readonly pattern: string;
  readonly partialMatches: number;
  readonly reason: string;
}

/** Everything the engine needs to resume. */
export interface RestorePlan<E> {
  readonly watermark: number;
  readonly maxTimestamp: number;
  readonly arrivals: number;
  readonly nextOutputId: number;
  /** The latest wall-clock reading the saving engine had made; `-Infinity` when unknown. */
  readonly clock: number;
  readonly stats: EngineStats;
  /** The reorder buffer, in the engine's own entry shape (`line` `undefined` when not known). */
  readonly buffer: { timestamp: number; arrival: number; record: E; line: number | undefined }[];
  readonly patterns: ReadonlyMap<string, [Key, MatcherState<E>][]>;
  readonly dropped: readonly DroppedState[];
}

/**
 * Checks a checkpoint against the patterns being run and the engine's time mode, and rebuilds the
 * state. Throws CheckpointError.
 */
export function planRestore<E>(data: CheckpointData, targets: readonly RestoreTarget<E>[], options: RestoreOptions = {}, time: RestoreTime = { mode: 'event', timestamp: null }): RestorePlan<E> {
  checkShape(data, options.source);
  const events = data.events as E[];
  checkTime(data, time, options.source);
  const savedNodes = data.nodes;
  const nodes: MatchNode<E>[] = new Array(savedNodes.length);
  /** Per node, the first node of its history. */
  const firsts: MatchNode<E>[] = new Array(savedNodes.length);
  for (let i = 0; i < savedNodes.length; i++) {
    const [step, event, timestamp, seq, previous] = savedNodes[i]!;
    if (!(event >= 0 && event < events.length) || previous >= i) {
      throw new CheckpointError('corrupt', `checkpoint node ${i} refers to a missing event or node`, options.source);
    }
    // The same shape, in the same field order, as the nodes the matcher makes after a first one
    // (first nodes are made as plain nodes here: a node can be shared by runs in different states).
    const node: MatchNode<E> = { step, event: events[event]!, timestamp, seq, previous: previous < 0 ? null : nodes[previous]! };
    nodes[i] = node;
    firsts[i] = previous < 0 ? node : firsts[previous]!;
  }
  for (let i = 0; i < data.buffer.length; i++) {
    const entry = data.buffer[i]!;
    const event = entry[2];
    if (!(event >= 0 && event < events.length)) {
      throw new CheckpointError('corrupt', `checkpoint buffer entry ${i} refers to a missing event`, options.source);
    }
    // A wrong line would send a user to the wrong record, later, in an error output.
    if (entry[3] !== undefined && !isLine(entry[3])) {
      throw new CheckpointError('corrupt', `checkpoint buffer entry ${i} has line ${describeFieldValue(entry[3])}, not a whole number from 1`, options.source);
    }
  }
  const dropped: DroppedState[] = [];
  const patterns = new Map<string, [Key, MatcherState<E>][]>();
  const byName = new Map(targets.map((target) => [target.name, target]));
  for (const saved of data.patterns) {
    const target = byName.get(saved.name);
    const count = partialMatchesOf(saved);
    if (target === undefined) {
      if (options.dropUnknownPatterns === true || count === 0) {
        if (count > 0) dropped.push({ pattern: saved.name, partialMatches: count, reason: 'the engine no longer runs this pattern' });
        continue;
      }
      throw new CheckpointError(
        'unknown-pattern',
        `the checkpoint holds ${counted(count, 'partial match', 'partial matches')} of pattern '${saved.name}', which the engine does not run (it runs ${targets.map((t) => `'${t.name}'`).join(', ')}); run that pattern too, or restore with { dropUnknownPatterns: true } to drop them`,
        options.source,
      );
    }
    if (keyChanged(saved, target.keyFingerprint) && count > 0) {
      // Every partial match of the pattern sits under a key read the old way: none of them fits.
      if (options.dropIncompatible !== true) {
        throw new CheckpointError(
          'key-changed',
          `pattern '${saved.name}': its key changed since the checkpoint (it holds ${counted(count, 'partial match', 'partial matches')} keyed the old way); restore with { dropIncompatible: true } to drop them, or keep the old key until they have finished`,
          options.source,
        );
      }
      dropped.push({ pattern: saved.name, partialMatches: count, reason: 'its key changed' });
      patterns.set(saved.name, []);
      continue;
    }
    const sameFingerprint = saved.fingerprint === patternFingerprint(target.model);
    const stateIds = new Map(target.nfa.states.map((state) => [state.name, state.id]));
    const oldSteps = new Map(saved.steps.map((step) => [step.name, step.fingerprint]));
    const newSteps = new Map(stepFingerprints(target.model.steps).map((step) => [step.name, step.fingerprint]));
    const incompatible = new Map<string, { changed: boolean; runs: number }>();
    const convert = (run: CheckpointRun): Run<E> | null => {
      const [stateName, node, startTimestamp, startSeq] = run;
      const state = stateIds.get(stateName);
      const last = node < 0 ? null : nodes[node];
      if (last === undefined) throw new CheckpointError('corrupt', `a partial match of pattern '${saved.name}' refers to missing node ${node}`, options.source);
      if (!sameFingerprint) {
        // A partial match can only wait in a state that waits: never in a stop or final state.
        const waits = state !== undefined && target.nfa.states[state]!.kind !== 'stop' && target.nfa.states[state]!.kind !== 'final';
        const bad = waits
          ? firstIncompatibleStep(target.nfa.states[state]!.step, last, oldSteps, newSteps)
          : { step: stateName.replace(/(:\d+)+$/, ''), changed: state !== undefined };
        if (bad !== null) {
          const entry = incompatible.get(bad.step) ?? { changed: bad.changed, runs: 0 };
          entry.runs++;
          incompatible.set(bad.step, entry);
          return null;
        }
      }
      if (state === undefined) throw new CheckpointError('corrupt', `pattern '${saved.name}' has no state '${stateName}'`, options.source);
      // Runs the matcher makes point at their first node for their start; restored ones do too
      // when the start is that node's, so a restored state looks like an uninterrupted one.
      if (last !== null) {
        const first = firsts[node]!;
        if (first.timestamp === startTimestamp && first.seq === startSeq) return new LinkedRun(state, last, first);
      }
      return { state, last, startTimestamp, startSeq };
    };
    const convertAll = (list: readonly CheckpointRun[], none: readonly Run<E>[]): readonly Run<E>[] => {
      if (list.length === 0) return none;
      const runs: Run<E>[] = [];
      for (const run of list) {
        const converted = convert(run);
        if (converted !== null) runs.push(converted);
      }
      return runs.length === 0 ? none : runs;
    };
    // The engine's own empty lists, so a restored key carries nothing an uninterrupted one does not.
    const empty = initialState<E>();
    const keys: [Key, MatcherState<E>][] = [];
    for (const savedKey of saved.keys) {
      const runs = convertAll(savedKey.runs, empty.runs);
      const held = convertAll(savedKey.held, empty.held);
      if (runs.length + held.length > 0) keys.push([savedKey.key, { runs, held, nextSeq: savedKey.nextSeq }]);
    }
    if (incompatible.size > 0) {
      const total = [...incompatible.values()].reduce((sum, entry) => sum + entry.runs, 0);
      // In the old pattern's step order: the message must not depend on which key was met first.
      const position = (step: string): number => saved.steps.findIndex((s) => s.name === step);
      const steps = [...incompatible]
        .sort(([a], [b]) => position(a) - position(b) || (a < b ? -1 : a > b ? 1 : 0))
        .map(([step, entry]) => `step '${step}' ${entry.changed ? 'changed' : 'was removed'}`)
        .join(', ');
      if (options.dropIncompatible !== true) {
        throw new CheckpointError(
          'incompatible-step',
          `pattern '${saved.name}': ${counted(total, 'partial match is', 'partial matches are')} in steps that no longer fit (${steps}); restore with { dropIncompatible: true } to drop them, or keep the old pattern until they have finished`,
          options.source,
        );
      }
      dropped.push({ pattern: saved.name, partialMatches: total, reason: steps });
    }
    patterns.set(saved.name, keys);
  }
  const flushed = data.time.flushed;
  return {
    watermark: data.time.watermark ?? (flushed ? Infinity : -Infinity),
    maxTimestamp: data.time.maxTimestamp ?? -Infinity,
    arrivals: data.time.arrivals,
    nextOutputId: data.time.nextOutputId,
    clock: data.time.clock ?? -Infinity,
    stats: { ...data.stats },
    // The same shape, in the same field order, as the entries the engine buffers itself.
    buffer: data.buffer.map(([timestamp, arrival, event, line]) => ({ timestamp, arrival, record: events[event]!, line })),
    patterns,
    dropped,
  };
}

/** Refuses what is not decoded checkpoint data at all (bytes, text, another object), before reading into it. */
function checkShape(data: unknown, source: string | undefined): asserts data is CheckpointData {
  if (data instanceof Uint8Array || typeof data === 'string') {
    throw new CheckpointError('not-a-checkpoint', 'restore() takes decoded checkpoint data, not its bytes or text: decode them with decodeCheckpoint() first', source);
  }
  const record = data as Partial<Record<keyof CheckpointData, unknown>> | null;
  const time = record?.time as Partial<Record<string, unknown>> | undefined;
  const missing = [
    typeof record !== 'object' || record === null ? 'an object' : '',
    Array.isArray(record?.patterns) ? '' : 'patterns',
    Array.isArray(record?.events) ? '' : 'events',
    Array.isArray(record?.nodes) ? '' : 'nodes',
    Array.isArray(record?.buffer) ? '' : 'buffer',
    typeof record?.stats === 'object' && record.stats !== null ? '' : 'stats',
    typeof time === 'object' && time !== null && typeof time.arrivals === 'number' && typeof time.nextOutputId === 'number' ? '' : 'time',
  ].filter((part) => part !== '');
  if (missing.length > 0) {
    throw new CheckpointError('not-a-checkpoint', `restore() was given something that is not checkpoint data (it lacks ${missing.join(', ')}); pass what decodeCheckpoint() or a checkpoint store returns`, source);
  }
}

/**
 * Refuses state on another time line: partial matches and buffered events hold timestamps of the
 * saving engine's mode (event timestamps, or its clock's readings) and, in event time, read by its
 * timestamp selector. Continuing them in the other mode, or with times read another way, would
 * mix two time lines (a partial match started at a clock reading taking an event stamped years
 * before it), or strand buffered events in a processing-time engine, which has no watermark to
 * release them. A checkpoint that carries neither restores whatever the time settings. One
 * written before these were recorded is refused only where it would lose events.
 */
function checkTime(data: CheckpointData, time: RestoreTime, source: string | undefined): void {
  const saved = data.time;
  const buffered = data.buffer.length;
  const partial = data.patterns.reduce((total, pattern) => total + partialMatchesOf(pattern), 0);
  if (buffered + partial === 0) return;
  const holds = [partial > 0 ? counted(partial, 'partial match', 'partial matches') : '', buffered > 0 ? counted(buffered, 'buffered event') : ''].filter((part) => part !== '').join(' and ');
  if (saved.mode !== undefined && saved.mode !== time.mode) {
    throw new CheckpointError(
      'time-mode-changed',
      `the checkpoint was taken in ${saved.mode} time and this engine runs in ${time.mode} time: the ${holds} it holds carry ${saved.mode}-time timestamps; restore it into an engine in ${saved.mode} time, or let them finish first`,
      source,
    );
  }
  if (saved.mode === undefined && time.mode === 'processing' && buffered > 0) {
    throw new CheckpointError(
      'time-mode-changed',
      `the checkpoint holds ${counted(buffered, 'event')} waiting for an event-time watermark, and this engine runs in processing time, which has none to release them; restore it into an engine in event time`,
      source,
    );
  }
  if (time.mode === 'event' && saved.timestamp !== undefined && time.timestamp !== null && saved.timestamp !== time.timestamp) {
    throw new CheckpointError(
      'timestamp-changed',
      `the checkpoint was taken by an engine that read event times another way (another timestamp field or function): the ${holds} it holds carry times read that way; restore it with the old timestamp setting, or let them finish first`,
      source,
    );
  }
}

/** The partial matches a saved pattern holds, held-back matches included. */
function partialMatchesOf(pattern: CheckpointPattern): number {
  return pattern.keys.reduce((total, key) => total + key.runs.length + key.held.length, 0);
}

/**
 * Whether the pattern is keyed differently from when the checkpoint was written. A checkpoint
 * from before key fingerprints were recorded cannot tell, and is taken as keyed the same way.
 */
function keyChanged(saved: CheckpointPattern, keyFingerprint: string): boolean {
  return saved.keyFingerprint !== undefined && saved.keyFingerprint !== keyFingerprint;
}

/**
 * The step that makes a partial match unusable in the new pattern, or null if it fits: a removed
 * step (waited in or taken) is named before a changed one, since it is the more basic reason.
 */
function firstIncompatibleStep(
  stateStep: string,
  last: MatchNode<unknown> | null,
  oldSteps: ReadonlyMap<string, string>,
  newSteps: ReadonlyMap<string, string>,
): { step: string; changed: boolean } | null {
  const involved = [stateStep];
  for (let node = last; node !== null; node = node.previous) involved.push(node.step);
  let changed: string | null = null;
  for (const step of involved) {
    const before = oldSteps.get(step);
    const after = newSteps.get(step);
    if (before === undefined && after === undefined) continue; // a group's own state
    if (after === undefined) return { step, changed: false };
    if (before !== after) changed ??= step;
  }
  return changed === null ? null : { step: changed, changed: true };
}
