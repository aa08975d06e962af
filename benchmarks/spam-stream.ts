// The user-activity stream of W2: many ordinary users who now and then comment, and a few
// spammers who comment several times a minute.
import { seededRandom, STREAM_START_MS } from './harness.js';

/** Something a user did. */
export interface UserAction {
  ts: number;
  user: string;
  type: 'comment' | 'like' | 'view';
}

/** Shape of the stream. */
export interface SpamStreamOptions {
  readonly events: number;
  readonly users: number;
  readonly spammers: number;
  /** Milliseconds between two events of the whole stream. */
  readonly gapMs: number;
  readonly seed?: number;
}

/**
 * Events in timestamp order: 5% come from the spammers (90% of theirs are comments), the rest
 * from ordinary users (30% comments). With the defaults of W2 a spammer comments about 5 times a
 * minute, so bursts of 5 within a minute happen but do not dominate.
 */
export function spamStream(options: SpamStreamOptions): UserAction[] {
  const random = seededRandom(options.seed ?? 7);
  const users = Array.from({ length: options.users }, (_, i) => `user-${i}`);
  const spammers = Array.from({ length: options.spammers }, (_, i) => `spammer-${i}`);
  const other = (): 'like' | 'view' => (random() < 0.5 ? 'like' : 'view');
  const events: UserAction[] = [];
  for (let i = 0; i < options.events; i++) {
    const ts = STREAM_START_MS + i * options.gapMs;
    if (random() < 0.05) events.push({ ts, user: spammers[Math.floor(random() * spammers.length)]!, type: random() < 0.9 ? 'comment' : other() });
    else events.push({ ts, user: users[Math.floor(random() * users.length)]!, type: random() < 0.3 ? 'comment' : other() });
  }
  return events;
}
