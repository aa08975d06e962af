// Why the engine's per-key state lives in its own copy-on-write map (src/state/cow-map.ts) and
// not in immutable.js's persistent Map, the library a snapshot-for-free design reaches for first:
// the map operations W1 makes, on W1's own stream, through each. Every event looks its order id
// up; a `created` adds the id and a `paid` removes it, as the engine's key map does (each key
// holds its state while an order is open). A checkpoint is taken every 100,000 events: the
// copy-on-write map opens a capture (released 10,000 events later, as an encoder would be done
// with it), the persistent map keeps a reference to its current version.
import { Map as PersistentMap } from 'immutable';
import { CowMap } from '../src/state/cow-map.js';
import { measure, type BenchResult } from './harness.js';
import { sameCount, tagged, type JobContext, type JobOutput } from './job-output.js';
import { orderStream } from './order-stream.js';
import { W1_WINDOW_MS } from './w1-unpaid-orders.js';

const CHECKPOINT_EVERY = 100_000;
const CAPTURE_HELD_FOR = 10_000;

/** The key map of W1 through the engine's map and through immutable.js, as workload rows. */
export function keyMapChoice(ctx: JobContext): JobOutput {
  const events = orderStream({ events: ctx.quick ? 100_000 : 1_000_000, keys: 100_000, windowMs: W1_WINDOW_MS });
  const changes = events.map((event) => ({ created: event.type === 'created', id: event.orderId }));
  const ours = copyOnWrite(changes);
  const theirs = persistent(changes);
  return {
    rows: [tagged(ours.result, 'keymap/copy-on-write'), tagged(theirs.result, 'keymap/immutable')],
    checks: [sameCount('keymap: both maps find the same keys', ours.found, theirs.found)],
  };
}

/** A run of one map: its measurement, and how many lookups found their key (the maps must agree). */
interface MapRun {
  readonly result: BenchResult;
  readonly found: number;
}

interface KeyChange {
  readonly created: boolean;
  readonly id: string;
}

function copyOnWrite(changes: readonly KeyChange[]): MapRun {
  const map = new CowMap<string, KeyChange>();
  let capture: { release(): void } | null = null;
  let found = 0;
  const result = measure(
    "W1's key map: the engine's copy-on-write map (src/state/cow-map.ts)",
    changes.length,
    (i) => {
      if (i % CHECKPOINT_EVERY === 0) capture = map.capture();
      else if (i % CHECKPOINT_EVERY === CAPTURE_HELD_FOR) capture?.release();
      const change = changes[i]!;
      if (map.get(change.id) !== undefined) found++;
      if (change.created) map.set(change.id, change);
      else map.delete(change.id);
    },
    () => `${found} lookups found their key; ${map.size} keys left`,
  );
  return { result, found };
}

function persistent(changes: readonly KeyChange[]): MapRun {
  let map = PersistentMap<string, KeyChange>();
  let captured = map;
  let found = 0;
  const result = measure(
    "W1's key map: immutable.js's persistent Map (a new version per change)",
    changes.length,
    (i) => {
      if (i % CHECKPOINT_EVERY === 0) captured = map;
      const change = changes[i]!;
      if (map.get(change.id) !== undefined) found++;
      map = change.created ? map.set(change.id, change) : map.delete(change.id);
    },
    () => `${found} lookups found their key; ${map.size} keys left (last capture: ${captured.size})`,
  );
  return { result, found };
}
