// Model-based test of the keyed runtime with fc.commands (model-based/): push events (in order,
// out of order, late), advance the watermark, let wall-clock time pass (idle timeout), take
// checkpoints, restore them from bytes into a fresh engine or the running one, change the
// pattern set through a restore (dropUnknownPatterns when the engine refuses), flush. A
// checkpoint is captured copy-on-write and converted a few keys at a time while later commands
// go on changing the engine (as the sliced encoder does); it is finished when restored.
// After every command the engine is checked against
//  - the model's event-time bookkeeping: watermark, buffered events, late outputs, output ids;
//  - the reference matcher, per running pattern and key, on the events that pattern has seen
//    since it (re)started, with time at the watermark: matches, timeouts and errors so far;
//  - while the lineage allows it (same pattern set, no idle timer reset by a restore): an
//    uninterrupted engine fed the same effective input, output for output, ids included.
import { describe, it } from 'vitest';
import { assertPattern } from '../../src/testing/index.js';
import { runtimeModelProperty } from './model-based/commands.js';

const seed = Number(process.env['CEP_PROPERTY_SEED'] ?? 20_250_101);
const numRuns = Number(process.env['CEP_PROPERTY_RUNS'] ?? 100);

describe('the keyed runtime against its model', () => {
  it('keeps every output in line through pushes, watermarks, checkpoints, restores and pattern changes', () => {
    assertPattern(runtimeModelProperty, { seed, numRuns });
  });
});
