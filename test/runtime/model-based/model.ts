// The model of the keyed runtime for the model-based test (see ../model-based.test.ts): what a
// run starts from, the model's own event-time bookkeeping, and the engine side it is checked with.
import fc from 'fast-check';
import { CepEngine, ManualClock, type EngineOutput, type PatternModel } from '../../../src/index.js';
import { encodeCheckpointSync } from '../../../src/state/checkpoint-codec.js';
import { columnsToData, type CheckpointColumns } from '../../../src/state/checkpoint-columns.js';
import { BALANCED_RECIPES, formatRecipe, patternRecipe, recipeToModel, type AbcEvent, type PatternRecipe } from '../../../src/testing/index.js';

/** The records of the model-based runs. */
export interface Rec extends AbcEvent {
  readonly key: string;
  readonly ts: number;
}

/** The keys events are pushed for. */
export const KEYS = ['k1', 'k2'] as const;
/** Events per key over a whole run: the reference matcher is exponential in it. */
export const MAX_EVENTS_PER_KEY = 9;

/**
 * What a run starts from: a pool of patterns, which of them run at first, the watermark's
 * out-of-orderness bound, the allowed lateness, and the idle timeout (`null`: none).
 */
export interface Setup {
  readonly pool: readonly PatternRecipe[];
  readonly initial: readonly number[];
  readonly bound: number;
  readonly lateness: number;
  readonly idle: number | null;
}

/** Random setups; each prints with its patterns in the fluent vocabulary. */
export const setupArb: fc.Arbitrary<Setup> = fc
  .record({
    pool: fc.array(patternRecipe(BALANCED_RECIPES), { minLength: 3, maxLength: 3 }),
    running: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    bound: fc.constantFrom(0, 2),
    lateness: fc.constantFrom(0, 0, 1),
    idle: fc.constantFrom(null, null, 4),
  })
  .map(({ pool, running, bound, lateness, idle }) => {
    const initial = running.flatMap((on, i) => (on ? [i] : []));
    const setup: Setup = { pool, initial: initial.length === 0 ? [0] : initial, bound, lateness, idle };
    // fast-check prints the counter-example's setup with this.
    return Object.defineProperty(setup, fc.toStringMethod, {
      value: () =>
        `{ bound: ${bound}, lateness: ${lateness}, idle: ${idle}, running at first: ${setup.initial.map((i) => `p${i}`).join(', ')}\n${pool.map((recipe, i) => `  p${i}: ${formatRecipe(recipe).replace(/\n/g, '\n      ')}`).join('\n')} }`,
    });
  });

// ---- the model ------------------------------------------------------------------------------------

/** An event waiting for the watermark, with its arrival number (ties on time keep arrival order). */
export interface Buffered {
  readonly record: Rec;
  readonly arrival: number;
}

/** One running pattern: since which output id its current lifetime counts, and what each key saw. */
export interface Lifetime {
  readonly since: number;
  readonly seen: Map<string, Rec[]>;
}

/** Something fed to the engine, for the uninterrupted replay. */
export type Input =
  | { readonly kind: 'push'; readonly record: Rec; readonly now: number }
  | { readonly kind: 'watermark'; readonly to: number }
  | { readonly kind: 'tick'; readonly now: number }
  | { readonly kind: 'flush' };

/** What the model knows at one point of a lineage; checkpoints keep a copy. */
export interface State {
  watermark: number;
  latest: number;
  /** Wall-clock time of the last arrival (or of the restore), for the idle timeout. */
  lastArrival: number;
  arrivals: number;
  buffer: Buffered[];
  lifetimes: Map<number, Lifetime>;
  outputs: number;
  inputs: Input[];
  /**
   * The uninterrupted replay does not apply to this lineage: the pattern set changed, or a
   * restore reset the idle timer (a restored engine counts silence from the restore).
   */
  changed: boolean;
}

/** Events at or before this time are processed, and arriving ones are late. */
export const frontier = (model: Model): number => model.state.watermark - model.setup.lateness;

/** The model side of a run: the setup, the current lineage's state, checkpoints, and a trace for reports. */
export interface Model {
  readonly setup: Setup;
  readonly models: readonly PatternModel<AbcEvent>[];
  running: number[];
  state: State;
  checkpoints: State[];
  pushed: Map<string, number>;
  /** Every record pushed, in order: record `eN` is row N of the failure tables. */
  records: Rec[];
  nextId: number;
  trace: string[];
}

/** The engine side: the engine, its wall clock, the outputs a sink holds, the checkpoints. */
export interface Real {
  engine: CepEngine<Rec>;
  readonly clock: ManualClock;
  log: EngineOutput<Rec>[];
  /** Checkpoints, each with the outputs a sink had committed when it was taken. */
  checkpoints: PendingCheckpoint[];
}

/** A checkpoint being converted from its copy-on-write capture, step by step, until it is bytes. */
export class PendingCheckpoint {
  private bytes: Buffer | null = null;

  constructor(
    private readonly conversion: Generator<void, CheckpointColumns>,
    readonly committed: readonly EngineOutput<Rec>[],
  ) {}

  /** Converts a few more keys (the engine may change in between). */
  progress(steps: number): void {
    for (let i = 0; i < steps && this.bytes === null; i++) {
      const next = this.conversion.next();
      if (next.done === true) this.bytes = encodeCheckpointSync(columnsToData(next.value));
    }
  }

  /** The finished checkpoint. */
  finish(): Buffer {
    while (this.bytes === null) this.progress(1);
    return this.bytes;
  }
}

/** A copy of a model state that later commands cannot change (kept with a checkpoint). */
export function cloneState(state: State): State {
  return {
    ...state,
    buffer: [...state.buffer],
    lifetimes: new Map([...state.lifetimes].map(([p, life]) => [p, { since: life.since, seen: new Map([...life.seen].map(([k, list]) => [k, [...list]])) }])),
    inputs: [...state.inputs],
  };
}

/** A fresh engine running the pool patterns `running` (named p0, p1, …) with the setup's time settings. */
export function engineFor(model: Model, running: readonly number[], clock: ManualClock): CepEngine<Rec> {
  const { bound, lateness, idle } = model.setup;
  return new CepEngine<Rec>({
    patterns: running.map((i) => ({ name: `p${i}`, pattern: model.models[i]!, keyBy: 'key' })),
    time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: bound, allowedLateness: lateness, ...(idle === null ? {} : { idleTimeout: idle }), clock },
  });
}

/** The model and the engine side at the start of a run. */
export function initial(setup: Setup): { model: Model; real: Real } {
  const model: Model = {
    setup,
    models: setup.pool.map(recipeToModel),
    running: [...setup.initial],
    state: {
      watermark: -Infinity,
      latest: -Infinity,
      lastArrival: 0,
      arrivals: 0,
      buffer: [],
      lifetimes: new Map(setup.initial.map((p) => [p, { since: 0, seen: new Map() }])),
      outputs: 0,
      inputs: [],
      changed: false,
    },
    checkpoints: [],
    pushed: new Map(),
    records: [],
    nextId: 0,
    trace: [],
  };
  const clock = new ManualClock();
  return { model, real: { engine: engineFor(model, model.running, clock), clock, log: [], checkpoints: [] } };
}

/**
 * Moves the model's watermark and hands every event it releases (at or before the watermark
 * minus the allowed lateness) to every running pattern, in (time, arrival) order.
 */
export function moveWatermark(model: Model, to: number): void {
  const state = model.state;
  if (!(to > state.watermark)) return;
  state.watermark = to;
  state.buffer.sort((a, b) => a.record.ts - b.record.ts || a.arrival - b.arrival);
  while (state.buffer.length > 0 && state.buffer[0]!.record.ts <= frontier(model)) {
    const { record } = state.buffer.shift()!;
    for (const life of state.lifetimes.values()) {
      const list = life.seen.get(record.key) ?? [];
      list.push(record);
      life.seen.set(record.key, list);
    }
  }
}

/**
 * The model state a restore of `saved` into `running` gives: lifetimes of removed patterns end,
 * added ones start, and the idle timer counts from now.
 */
export function restoredState(model: Model, saved: State, running: readonly number[], now: number): State {
  const state = cloneState(saved);
  state.lastArrival = now;
  if (model.setup.idle !== null) state.changed = true;
  const before = [...state.lifetimes.keys()].sort().join(',');
  for (const p of [...state.lifetimes.keys()]) if (!running.includes(p)) state.lifetimes.delete(p);
  for (const p of running) if (!state.lifetimes.has(p)) state.lifetimes.set(p, { since: state.outputs, seen: new Map() });
  if ([...running].sort().join(',') !== before) state.changed = true;
  return state;
}
