// W2 spam burst: `comment{5,} within 1m` keyed by user, with relaxed and with consecutive
// (strict) contiguity between the comments, against a hand-written detector for each.
import { CepEngine, Pattern } from '../src/index.js';
import { measureEngineInRounds, sameInEveryRound, settledEngine } from './engine-run.js';
import { handWrittenSpamBurst } from './hand-written-spam-burst.js';
import { formatCount, measure, medianRound, STREAM_START_MS, type BenchResult } from './harness.js';
import { sameCount, tagged, type Check, type JobContext, type JobOutput } from './job-output.js';
import { bytesPerLiveItem, type Probe } from './memory-probe.js';
import { measureRawLoop } from './raw-loop.js';
import { spamStream, type UserAction } from './spam-stream.js';

const MIN_COMMENTS = 5;
const WINDOW_MS = 60_000;

/** `comment{5,} within 1m`, consecutive or relaxed. */
export function spamPattern(consecutive: boolean): Pattern<UserAction> {
  const comments = Pattern.begin<UserAction>('comment')
    .where((e) => e.type === 'comment')
    .timesOrMore(MIN_COMMENTS);
  return (consecutive ? comments.consecutive() : comments).within(WINDOW_MS);
}

/** The W2 engine: keyed by user, no timeout outputs (nobody wants "almost spam"). */
export function spamEngine(consecutive: boolean): CepEngine<UserAction> {
  return new CepEngine<UserAction>({
    patterns: [{ name: 'spam', keyBy: 'user', pattern: spamPattern(consecutive), timeouts: false }],
    time: { mode: 'event', timestamp: 'ts' },
  });
}

/** Runs W2 (both variants) and the baselines. */
export function w2(ctx: JobContext): JobOutput {
  const events = spamStream({ events: ctx.quick ? 100_000 : 1_000_000, users: 10_000, spammers: 100, gapMs: 5 });
  const rows: BenchResult[] = [];
  const checks: Check[] = [];
  for (const consecutive of [false, true]) {
    const variant = consecutive ? 'consecutive' : 'relaxed';
    const id = `W2-${variant}`;
    const name = `W2 spam burst, ${variant}, 10,000 users + 100 spammers`;
    const {
      engine: engineRun,
      rounds: engineRounds,
      baselines: handRounds,
    } = measureEngineInRounds(ctx, name, () => spamEngine(consecutive), events, ctx.engineOnly ? undefined : () => handWrittenRound(events, consecutive));
    if (ctx.engineOnly) {
      rows.push(tagged(engineRun.result, id));
      continue;
    }
    const matches = handRounds[0]!.matches;
    const handWritten = medianRound(handRounds.map((run) => run.result));
    const probe = consecutive ? undefined : probeBytes(ctx);
    rows.push(tagged(engineRun.result, id, probe?.engine), tagged(handWritten, `${id}/hand-written`, probe?.handWritten));
    checks.push(
      sameInEveryRound(`W2 ${variant} rounds: the same outputs in every round`, engineRounds),
      sameCount(`W2 ${variant} hand-written rounds: the same matches in every round`, handRounds.length * matches, handRounds.reduce((sum, run) => sum + run.matches, 0)),
      sameCount(`W2 ${variant} matches: hand-written = engine`, matches, engineRun.counts.matches),
      sameCount(`W2 ${variant} errors: none`, 0, engineRun.counts.errors + engineRun.counts.late),
    );
  }
  if (!ctx.engineOnly) rows.push(tagged(measureRawLoop('W2 ceiling: raw loop touching each event', events, (e) => e.ts + e.type.length + e.user.length), 'W2/ceiling'));
  return { rows, checks };
}

/** One run of the hand-written detector over `events`. */
function handWrittenRound(events: readonly UserAction[], consecutive: boolean): { result: BenchResult; matches: number } {
  const variant = consecutive ? 'consecutive' : 'relaxed';
  let matches = 0;
  const detector = handWrittenSpamBurst(MIN_COMMENTS, WINDOW_MS, consecutive, () => matches++);
  const result = measure(
    `W2 hand-written detector, ${variant} (Map + per-user ring)`,
    events.length,
    (i) => detector.push(events[i]!),
    () => `${formatCount(matches)} matches`,
  );
  return { result, matches };
}

/** Users with 4 comments each inside the window: 4 live partial matches per user, none complete. */
export function w2Probe(quick: boolean): Probe<UserAction> {
  const users = quick ? 5_000 : 15_000;
  const names = Array.from({ length: users }, (_, i) => `user-${i}`);
  const events: UserAction[] = Array.from({ length: users * (MIN_COMMENTS - 1) }, (_, i) => ({ ts: STREAM_START_MS + i, user: names[i % users]!, type: 'comment' }));
  const last = events[events.length - 1]!.ts;
  return {
    events,
    build(slice) {
      const engine = settledEngine(spamEngine(false), slice, last);
      return { live: () => engine.partialMatches };
    },
  };
}

function probeBytes(ctx: JobContext): { engine: number; handWritten: number } {
  const probe = w2Probe(ctx.quick);
  return {
    engine: bytesPerLiveItem(probe),
    handWritten: bytesPerLiveItem<UserAction>({
      events: probe.events,
      build(slice) {
        const detector = handWrittenSpamBurst(MIN_COMMENTS, WINDOW_MS, false, () => {});
        for (const event of slice) detector.push(event);
        return { live: () => detector.pending };
      },
    }),
  };
}
