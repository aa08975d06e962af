// The commands of the model-based test: each runs on the engine and on the model, then checks.
import fc from 'fast-check';
import { CepEngine, CheckpointError } from '../../../src/index.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../../../src/state/checkpoint-codec.js';
import { snapshotColumns } from '../../../src/state/checkpoint-columns.js';
import { snapshotToCheckpointSync } from '../../../src/state/snapshot.js';
import type { AbcEvent } from '../../../src/testing/index.js';
import { cloneState, engineFor, frontier, initial, KEYS, MAX_EVENTS_PER_KEY, moveWatermark, PendingCheckpoint, restoredState, setupArb, type Model, type Real, type Rec, type Setup, type State } from './model.js';
import { fail, verify } from './verify.js';

// ---- commands -----------------------------------------------------------------------------------------

class Push implements fc.Command<Model, Real> {
  constructor(
    readonly key: (typeof KEYS)[number],
    readonly type: AbcEvent['type'],
    readonly v: number,
    readonly offset: number,
  ) {}

  check(model: Readonly<Model>): boolean {
    return (model.pushed.get(this.key) ?? 0) < MAX_EVENTS_PER_KEY;
  }

  run(model: Model, real: Real): void {
    const { state } = model;
    // Relative to the latest timestamp, or just past the watermark if that is ahead: a positive
    // offset is never late before a flush, a negative one may be.
    const latest = state.latest === -Infinity ? 0 : state.latest;
    const base = Number.isFinite(state.watermark) ? Math.max(latest, frontier(model) + 1) : latest;
    const ts = Math.max(0, base + this.offset);
    const record: Rec = { id: `e${model.nextId++}`, key: this.key, ts, type: this.type, v: this.v };
    model.records.push(record);
    model.pushed.set(this.key, (model.pushed.get(this.key) ?? 0) + 1);
    const late = ts <= frontier(model);
    model.trace.push(`${this.toString()}  → ${record.id} ${record.key} ${record.type}${record.v} @${ts}${late ? ' (late)' : ''}`);
    const outputs = real.engine.push(record);
    real.log.push(...outputs);
    const lateOutputs = outputs.filter((o) => o.kind === 'late');
    if (late !== (lateOutputs.length === 1) || lateOutputs.length > 1 || (late && outputs.length !== 1)) {
      fail(model, real, `${record.id} @${ts} with the watermark at ${state.watermark}: expected ${late ? 'one late output and nothing else' : 'no late output'}`);
    }
    state.inputs.push({ kind: 'push', record, now: real.clock.now() });
    state.lastArrival = real.clock.now();
    if (!late) {
      state.buffer.push({ record, arrival: state.arrivals++ });
      state.latest = Math.max(state.latest, ts);
      moveWatermark(model, state.latest - model.setup.bound - 1);
    }
    verify(model, real);
  }

  toString(): string {
    return `push(${this.key}, ${this.type}${this.v}, ${this.offset >= 0 ? '+' : ''}${this.offset})`;
  }
}

class AdvanceWatermark implements fc.Command<Model, Real> {
  constructor(readonly delta: number) {}

  check(): boolean {
    return true;
  }

  run(model: Model, real: Real): void {
    const { state } = model;
    const to = (state.latest === -Infinity ? 0 : state.latest) + this.delta - 3;
    model.trace.push(`${this.toString()}  → ${to}`);
    real.log.push(...real.engine.advanceWatermark(to));
    state.inputs.push({ kind: 'watermark', to });
    moveWatermark(model, to);
    verify(model, real);
  }

  toString(): string {
    return `advanceWatermark(latest${this.delta >= 3 ? '+' : ''}${this.delta - 3})`;
  }
}

/** Wall-clock time passes and the engine checks it: with an idle timeout, a quiet stream's watermark moves. */
class Tick implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}

  check(): boolean {
    return true;
  }

  run(model: Model, real: Real): void {
    const { state, setup } = model;
    real.clock.advance(this.ms);
    const now = real.clock.now();
    model.trace.push(`${this.toString()}  → clock ${now}`);
    real.log.push(...real.engine.tick());
    state.inputs.push({ kind: 'tick', now });
    const silence = now - state.lastArrival;
    if (setup.idle !== null && state.latest > -Infinity && silence >= setup.idle) moveWatermark(model, state.latest + (silence - setup.idle));
    verify(model, real);
  }

  toString(): string {
    return `tick(+${this.ms} ms)`;
  }
}

class Flush implements fc.Command<Model, Real> {
  /** Only `chance` 0 flushes (a quarter of the generated ones); the final flush of a run always does. */
  constructor(readonly chance = 0) {}

  check(): boolean {
    return this.chance === 0;
  }

  run(model: Model, real: Real): void {
    model.trace.push(this.toString());
    real.log.push(...real.engine.flush());
    model.state.inputs.push({ kind: 'flush' });
    moveWatermark(model, Infinity);
    verify(model, real);
  }

  toString(): string {
    return 'flush()';
  }
}

function checkpointBytes(engine: CepEngine<Rec>): Buffer {
  return encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot()));
}

class Checkpoint implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }

  run(model: Model, real: Real): void {
    model.trace.push(`${this.toString()}  → #${model.checkpoints.length} (captured; converted while later commands run)`);
    real.checkpoints.push(new PendingCheckpoint(snapshotColumns(real.engine.captureSnapshot()), [...real.log]));
    model.checkpoints.push(cloneState(model.state));
    verify(model, real);
  }

  toString(): string {
    return 'checkpoint()';
  }
}

/** Checkpoint conversions in progress move on by a few keys. */
class ConvertCheckpoints implements fc.Command<Model, Real> {
  constructor(readonly steps: number) {}

  check(model: Readonly<Model>): boolean {
    return model.checkpoints.length > 0;
  }

  run(model: Model, real: Real): void {
    model.trace.push(this.toString());
    for (const checkpoint of real.checkpoints) checkpoint.progress(this.steps);
    verify(model, real);
  }

  toString(): string {
    return `convertCheckpoints(${this.steps} steps)`;
  }
}

/**
 * Restores checkpoint bytes into a fresh engine running `running`: first as is; if the engine
 * refuses because the checkpoint holds partial matches of a pattern it no longer runs, again
 * with `dropUnknownPatterns`. Returns the fresh engine and the checkpoint's next output id.
 */
function restoreInto(
  model: Model,
  real: Real,
  bytes: Buffer,
  saved: State,
  running: readonly number[],
  into: CepEngine<Rec> = engineFor(model, running, real.clock),
): { engine: CepEngine<Rec>; nextOutputId: number } {
  const data = decodeCheckpoint(bytes);
  if (data.time.nextOutputId !== saved.outputs) fail(model, real, `the checkpoint says ${data.time.nextOutputId} outputs were emitted, the model counted ${saved.outputs}`);
  const engine = into;
  const removed = [...saved.lifetimes.keys()].filter((p) => !running.includes(p)).map((p) => `p${p}`);
  try {
    const dropped = engine.restore(data);
    if (dropped.length > 0) fail(model, real, `a plain restore dropped state: ${JSON.stringify(dropped)}`);
  } catch (error) {
    if (!(error instanceof CheckpointError) || error.code !== 'unknown-pattern' || !removed.some((name) => error.message.includes(`'${name}'`))) {
      fail(model, real, `restore failed: ${error instanceof Error ? error.message : String(error)} (patterns no longer run: ${removed.join(', ') || 'none'})`);
    }
    // A refused restore leaves the engine untouched, so the same engine can try again.
    const retry = engine;
    const dropped = retry.restore(data, { dropUnknownPatterns: true });
    if (dropped.some((entry) => !removed.includes(entry.pattern)) || dropped.length === 0) {
      fail(model, real, `restore with dropUnknownPatterns dropped ${JSON.stringify(dropped)}; patterns no longer run: ${removed.join(', ')}`);
    }
    return { engine: retry, nextOutputId: data.time.nextOutputId };
  }
  return { engine, nextOutputId: data.time.nextOutputId };
}

class Restore implements fc.Command<Model, Real> {
  /** `inPlace`: into the running engine (its own checkpoints may still be converting), else into a fresh one. */
  constructor(
    readonly which: number,
    readonly inPlace: boolean,
  ) {}

  check(model: Readonly<Model>): boolean {
    return model.checkpoints.length > 0;
  }

  run(model: Model, real: Real): void {
    const index = this.which % model.checkpoints.length;
    model.trace.push(`${this.toString()}  → restore #${index} into ${this.inPlace ? 'the running engine' : 'a fresh engine'} running ${model.running.map((p) => `p${p}`).join(', ')}`);
    const saved = model.checkpoints[index]!;
    const checkpoint = real.checkpoints[index]!;
    const committed = checkpoint.committed;
    const { engine, nextOutputId } = restoreInto(model, real, checkpoint.finish(), saved, model.running, this.inPlace ? real.engine : undefined);
    real.engine = engine;
    // As a sink that goes back to what it had committed with the checkpoint.
    if (committed.length !== nextOutputId) fail(model, real, `the checkpoint says ${nextOutputId} outputs were emitted before it, the sink had ${committed.length}`);
    real.log = [...committed];
    model.state = restoredState(model, saved, model.running, real.clock.now());
    verify(model, real);
  }

  toString(): string {
    return `restore(${this.which}${this.inPlace ? ', in place' : ''})`;
  }
}

class TogglePattern implements fc.Command<Model, Real> {
  constructor(readonly pattern: number) {}

  check(model: Readonly<Model>): boolean {
    return !(model.running.length === 1 && model.running[0] === this.pattern);
  }

  run(model: Model, real: Real): void {
    const running = model.running.includes(this.pattern) ? model.running.filter((p) => p !== this.pattern) : [...model.running, this.pattern].sort();
    model.trace.push(`${this.toString()}  → checkpoint, restore into a fresh engine running ${running.map((p) => `p${p}`).join(', ')}`);
    const saved = cloneState(model.state);
    const { engine } = restoreInto(model, real, checkpointBytes(real.engine), saved, running);
    real.engine = engine;
    model.running = running;
    model.state = restoredState(model, saved, running, real.clock.now());
    verify(model, real);
  }

  toString(): string {
    return `togglePattern(p${this.pattern})`;
  }
}

const pushArb = (offsets: { min: number; max: number }): fc.Arbitrary<Push> =>
  fc
    .tuple(fc.constantFrom(...KEYS), fc.constantFrom<AbcEvent['type']>('a', 'b', 'c'), fc.integer({ min: 0, max: 9 }), fc.integer(offsets))
    .map(([key, type, v, offset]) => new Push(key, type, v, offset));

/**
 * Every command, weighted towards pushes (mostly in order, some out of order or late); a flush
 * ends a stream (later pushes are all late) unless a restore goes back, so it comes rarely.
 */
export const commandsArb = fc.commands(
  [
    pushArb({ min: 0, max: 2 }),
    pushArb({ min: 0, max: 2 }),
    pushArb({ min: 0, max: 2 }),
    pushArb({ min: -3, max: 3 }),
    fc.integer({ min: 0, max: 6 }).map((delta) => new AdvanceWatermark(delta)),
    fc.integer({ min: 0, max: 8 }).map((ms) => new Tick(ms)),
    fc.constant(new Checkpoint()),
    fc.tuple(fc.nat({ max: 5 }), fc.boolean()).map(([which, inPlace]) => new Restore(which, inPlace)),
    fc.integer({ min: 1, max: 3 }).map((steps) => new ConvertCheckpoints(steps)),
    fc.integer({ min: 0, max: 2 }).map((p) => new TogglePattern(p)),
    fc.nat({ max: 3 }).map((chance) => new Flush(chance)),
  ],
  { maxCommands: 40, size: 'max' },
);

/**
 * Runs commands from a setup, then flushes (so every window resolves and is checked once more).
 * Returns the model and the engine side, for statistics.
 */
export function runCommands(setup: Setup, commands: Iterable<fc.Command<Model, Real>>): { model: Model; real: Real } {
  const start = initial(setup);
  fc.modelRun(() => start, commands);
  if (start.model.state.watermark !== Infinity) new Flush().run(start.model, start.real);
  return start;
}

/** The model-based property: any command sequence on any setup keeps the engine in line with the model. */
export const runtimeModelProperty = fc.property(setupArb, commandsArb, (setup, commands) => {
  runCommands(setup, commands);
});
