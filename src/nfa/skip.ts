// Applies the after-match skip strategy once a match is emitted: partial matches (and completed
// matches still held back) whose first event is at or before a pruning point are dropped.
import type { SkipStrategy } from '../pattern/skip-strategy.js';
import type { MatchNode, Run } from './partial-match.js';

/** Where to prune after a match, or why the strategy could not say. */
export type Pruning =
  | { readonly kind: 'none' }
  | { readonly kind: 'prune'; readonly timestamp: number; readonly seq: number; readonly inclusive: boolean }
  | { readonly kind: 'miss'; readonly message: string };

const NO_PRUNING: Pruning = { kind: 'none' };

/** The pruning point of a match under a strategy (Flink's `getPruningId`). */
export function pruningFor(strategy: SkipStrategy, last: MatchNode<unknown>): Pruning {
  switch (strategy.kind) {
    case 'noSkip':
      return NO_PRUNING;
    case 'skipToNext': {
      const first = firstNode(last);
      return { kind: 'prune', timestamp: first.timestamp, seq: first.seq, inclusive: true };
    }
    case 'skipPastLastEvent':
      return { kind: 'prune', timestamp: last.timestamp, seq: last.seq, inclusive: true };
    case 'skipToFirst':
    case 'skipToLast': {
      let target: MatchNode<unknown> | null = null;
      for (let node: MatchNode<unknown> | null = last; node !== null; node = node.previous) {
        if (node.step !== strategy.step) continue;
        if (strategy.kind === 'skipToFirst' || target === null) target = node;
        if (strategy.kind === 'skipToLast') break;
      }
      if (target === null) {
        return strategy.throwOnMiss
          ? { kind: 'miss', message: `could not skip to step '${strategy.step}': the match has no event for it` }
          : NO_PRUNING;
      }
      if (strategy.throwOnMiss && target === firstNode(last)) {
        return { kind: 'miss', message: `could not skip to step '${strategy.step}': it is the first event of the match` };
      }
      return { kind: 'prune', timestamp: target.timestamp, seq: target.seq, inclusive: false };
    }
  }
}

/** Whether a partial match that started at `run`'s first event is dropped by `pruning`. */
export function isPruned(run: Run<unknown>, pruning: Pruning): boolean {
  if (pruning.kind !== 'prune') return false;
  const order = run.startTimestamp - pruning.timestamp || run.startSeq - pruning.seq;
  return pruning.inclusive ? order <= 0 : order < 0;
}

function firstNode<E>(last: MatchNode<E>): MatchNode<E> {
  let node = last;
  while (node.previous !== null) node = node.previous;
  return node;
}
