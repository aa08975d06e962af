// Where the bytes of a live partial match go: two V8 heap snapshots, before and after building a
// probe's state, aggregated by object kind and diffed. Used when the bytes-per-partial-match
// target is missed, to say which objects to slim down.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { collectGarbage } from './harness.js';
import { warmUp, type Probe } from './memory-probe.js';

/** One kind of heap object and what the probe's state added of it, per live partial match. */
export interface HeapShare {
  /** Constructor name for JS objects (`Object`, `Array`, `Map`), V8's label for internals. */
  readonly kind: string;
  readonly objectsPerItem: number;
  readonly bytesPerItem: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** The kinds of objects the probe's state added, largest share first. */
export function heapBreakdown<E>(probe: Probe<E>): { live: number; shares: HeapShare[] } {
  const directory = mkdtempSync(join(tmpdir(), 'cepheus-bench-heap-'));
  try {
    warmUp(probe);
    collectGarbage();
    const before = aggregate(join(directory, 'before.heapsnapshot'));
    const state = probe.build(probe.events);
    collectGarbage();
    const after = aggregate(join(directory, 'after.heapsnapshot'));
    const live = state.live();
    const shares: HeapShare[] = [];
    for (const [kind, entry] of after) {
      const old = before.get(kind) ?? { count: 0, bytes: 0 };
      const bytes = entry.bytes - old.bytes;
      if (bytes > 0) shares.push({ kind, objectsPerItem: (entry.count - old.count) / live, bytesPerItem: bytes / live });
    }
    shares.sort((a, b) => b.bytesPerItem - a.bytesPerItem);
    return { live, shares };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Object count and self size per kind in a fresh heap snapshot. */
function aggregate(path: string): Map<string, { count: number; bytes: number }> {
  writeHeapSnapshot(path);
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  rmSync(path);
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const totals = new Map<string, { count: number; bytes: number }>();
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]!]!;
    const name = strings[nodes[i + nameAt]!]!;
    const kind = type === 'object' || type === 'closure' ? name : type === 'hidden' || type === 'array' ? `(${type}) ${name}` : `(${type})`;
    const entry = totals.get(kind);
    if (entry === undefined) totals.set(kind, { count: 1, bytes: nodes[i + sizeAt]! });
    else {
      entry.count++;
      entry.bytes += nodes[i + sizeAt]!;
    }
  }
  return totals;
}
