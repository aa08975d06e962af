// Rewriting checkpoint data so that it holds only what is still referenced: after an edit drops
// partial matches, the events and nodes only they used go too, and the rest are renumbered.
import { CheckpointError, type CheckpointBufferEntry, type CheckpointData, type CheckpointKey, type CheckpointNode, type CheckpointRun } from './checkpoint.js';

/**
 * Returns new checkpoint data holding only the nodes reachable from a partial match (or held
 * match) and the events those nodes or the reorder buffer refer to, renumbered densely in their
 * original order — so every node still comes after the node it points to, and encoding the result
 * gives a valid checkpoint. Everything else (time, stats, position, sinks, keys, state names) is
 * kept as is. The input is not modified. Throws `CheckpointError('corrupt')` naming the first
 * reference that points to no node or event.
 */
export function compactCheckpoint(data: CheckpointData): CheckpointData {
  const { nodes, events } = data;
  const nodeUsed = new Uint8Array(nodes.length);
  const markRun = (pattern: string, run: CheckpointRun): void => {
    for (let id = checkNode(run[1], nodes.length, `a partial match of pattern '${pattern}'`); id >= 0 && nodeUsed[id] === 0; ) {
      nodeUsed[id] = 1;
      const previous = nodes[id]![4];
      if (!Number.isInteger(previous) || previous >= id || previous < -1) {
        throw new CheckpointError('corrupt', `checkpoint node ${id} points to node ${previous}, which does not come before it`);
      }
      id = previous;
    }
  };
  for (const pattern of data.patterns) {
    for (const key of pattern.keys) {
      for (const run of key.runs) markRun(pattern.name, run);
      for (const run of key.held) markRun(pattern.name, run);
    }
  }

  const eventUsed = new Uint8Array(events.length);
  const markEvent = (event: number, owner: string): void => {
    if (!Number.isInteger(event) || event < 0 || event >= events.length) {
      throw new CheckpointError('corrupt', `${owner} refers to missing event ${event} (the checkpoint has ${events.length})`);
    }
    eventUsed[event] = 1;
  };
  nodes.forEach((node, id) => {
    if (nodeUsed[id] === 1) markEvent(node[1], `checkpoint node ${id}`);
  });
  for (const [timestamp, , event] of data.buffer) markEvent(event, `the buffered event at ${timestamp}`);

  const eventIds = renumber(eventUsed);
  const nodeIds = renumber(nodeUsed);
  const keptNodes: CheckpointNode[] = [];
  nodes.forEach(([step, event, timestamp, seq, previous], id) => {
    if (nodeUsed[id] === 1) keptNodes.push([step, eventIds[event]!, timestamp, seq, previous < 0 ? -1 : nodeIds[previous]!]);
  });
  const moveRun = ([state, node, startTimestamp, startSeq]: CheckpointRun): CheckpointRun => [state, node < 0 ? -1 : nodeIds[node]!, startTimestamp, startSeq];
  return {
    ...data,
    patterns: data.patterns.map((pattern) => ({
      ...pattern,
      keys: pattern.keys.map((key): CheckpointKey => ({ key: key.key, nextSeq: key.nextSeq, runs: key.runs.map(moveRun), held: key.held.map(moveRun) })),
    })),
    events: events.filter((_, id) => eventUsed[id] === 1),
    nodes: keptNodes,
    buffer: data.buffer.map((entry): CheckpointBufferEntry => {
      const [timestamp, arrival, event] = entry;
      return entry.length > 3 ? [timestamp, arrival, eventIds[event]!, entry[3]] : [timestamp, arrival, eventIds[event]!];
    }),
  };
}

/** Validates a run's node reference (`-1` for a partial match that has taken nothing). */
function checkNode(node: number, count: number, owner: string): number {
  if (!Number.isInteger(node) || node < -1 || node >= count) {
    throw new CheckpointError('corrupt', `${owner} refers to missing node ${node} (the checkpoint has ${count})`);
  }
  return node;
}

/** New ids for the used entries, in their old order; unused entries get -1. */
function renumber(used: Uint8Array): Int32Array {
  const ids = new Int32Array(used.length).fill(-1);
  let next = 0;
  for (let id = 0; id < used.length; id++) if (used[id] === 1) ids[id] = next++;
  return ids;
}
