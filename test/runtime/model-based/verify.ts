// The checks after every command of the model-based test: event-time bookkeeping, the reference
// matcher per running pattern and key, and an uninterrupted engine while the lineage allows it.
import { ManualClock, type EngineOutput, type PatternModel } from '../../../src/index.js';
import { referenceMatches } from '../../../src/reference/reference-matcher.js';
import { canonicalOutputs, followMatcher, formatEventTable, formatOutputTable, outputsOfKey, sameCanonical, type AbcEvent } from '../../../src/testing/index.js';
import { engineFor, frontier, KEYS, type Model, type Real, type Rec } from './model.js';

// ---- checks -----------------------------------------------------------------------------------------

class ModelMismatch extends Error {}

export function fail(model: Model, real: Real, what: string, detail = ''): never {
  throw new ModelMismatch(
    [
      what,
      detail,
      'commands so far:',
      ...model.trace.map((line) => `  ${line}`),
      'engine outputs (after restores, as a sink keeps them; #n is record en):',
      formatOutputTable(real.log, model.records),
    ].join('\n'),
  );
}

const byId = (event: AbcEvent): string => event.id;
/** Reference outputs already computed, per pattern model (the same histories are checked after every command). */
const memo = new WeakMap<PatternModel<AbcEvent>, Map<string, string>>();

export function verify(model: Model, real: Real): void {
  const { state } = model;
  real.log.forEach((output, i) => {
    if (output.id !== i) fail(model, real, `output ids are not consecutive: output ${i} has id ${output.id}`);
  });
  state.outputs = real.log.length;
  if (real.engine.watermark !== state.watermark) fail(model, real, `watermark is ${real.engine.watermark}, the model says ${state.watermark}`);
  if (real.engine.bufferedEvents !== state.buffer.length) fail(model, real, `${real.engine.bufferedEvents} events are buffered, the model says ${state.buffer.length}`);

  for (const [p, life] of state.lifetimes) {
    for (const key of KEYS) {
      const events = life.seen.get(key) ?? [];
      const actual = outputsOfKey(real.log.filter((o) => o.id >= life.since), `p${p}`, key);
      const endTime = state.watermark === -Infinity ? undefined : frontier(model);
      const actualCanonical = canonicalOutputs(actual, byId);
      // The canonical form keeps timeouts as a set; the engine reports each timed-out set of events once.
      const timeouts = actual.filter((o) => o.kind === 'timeout').length;
      if (timeouts !== actualCanonical.timeouts.length) {
        fail(model, real, `pattern p${p}, key ${key}: ${timeouts - actualCanonical.timeouts.length} timeouts were reported twice`, JSON.stringify(actualCanonical.timeouts));
      }
      const memoKey = `${events.map((e) => `${e.id}@${e.ts}`).join(',')}|${endTime}|${JSON.stringify(actualCanonical)}`;
      const known = memo.get(model.models[p]!) ?? new Map<string, string>();
      memo.set(model.models[p]!, known);
      let expectedText = known.get(memoKey);
      if (expectedText === undefined) {
        const expected = referenceMatches<AbcEvent>(
          model.models[p]!,
          events.map((event) => ({ event, timestamp: event.ts })),
          { ...(endTime === undefined ? {} : { endTime }), throughDeadlines: true, tieBreak: followMatcher<AbcEvent>(actual, byId) },
        );
        expectedText = JSON.stringify(canonicalOutputs(expected, byId));
        known.set(memoKey, expectedText);
      }
      if (!sameCanonical(actualCanonical, JSON.parse(expectedText))) {
        fail(
          model,
          real,
          `pattern p${p}, key ${key}: the engine disagrees with the reference matcher at watermark ${state.watermark}`,
          [
            `  engine:    ${JSON.stringify(actualCanonical)}`,
            `  reference: ${expectedText}`,
            `events p${p} has seen for ${key} since output ${life.since}:`,
            formatEventTable(events),
          ].join('\n'),
        );
      }
    }
  }

  if (!state.changed) {
    const clock = new ManualClock();
    const fresh = engineFor(model, model.running, clock);
    const replayed: EngineOutput<Rec>[] = [];
    for (const input of state.inputs) {
      switch (input.kind) {
        case 'push':
          clock.set(input.now);
          replayed.push(...fresh.push(input.record));
          break;
        case 'watermark':
          replayed.push(...fresh.advanceWatermark(input.to));
          break;
        case 'tick':
          clock.set(input.now);
          replayed.push(...fresh.tick());
          break;
        case 'flush':
          replayed.push(...fresh.flush());
          break;
      }
    }
    const a = replayed.map((o) => JSON.stringify(o));
    const b = real.log.map((o) => JSON.stringify(o));
    const first = a.findIndex((line, i) => line !== b[i]);
    if (first >= 0 || a.length !== b.length) {
      const at = first >= 0 ? first : Math.min(a.length, b.length);
      fail(model, real, `the outputs differ from an uninterrupted run from output ${at} on`, `uninterrupted:\n${formatOutputTable(replayed.slice(at), model.records)}`);
    }
  }
}
