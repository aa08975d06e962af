// The example patterns of examples/*.cep, written with the fluent API.
import { AfterMatchSkipStrategy, Pattern } from '../src/index.js';

/** An order event from examples/data/orders.jsonl. */
export interface OrderEvent {
  readonly ts: number;
  readonly type: 'created' | 'paid';
  readonly orderId: string;
  readonly amount?: number;
}

/** A comment event from examples/data/comments.jsonl. */
export interface CommentEvent {
  readonly ts: number;
  readonly userId: string;
  readonly text: string;
}

/** An order created and not paid within 15 minutes: the timeouts are the point. Key: orderId. */
export const unpaidOrders = Pattern.begin<OrderEvent>('created')
  .where((e) => e.type === 'created')
  .followedBy('paid')
  .where((e, ctx) => e.type === 'paid' && e.amount === ctx.eventsFor('created')[0]?.amount)
  .within('15m');

/** Five or more comments with links from one user within a minute, each burst once. Key: userId. */
export const spamBurst = Pattern.begin<CommentEvent>('comments', AfterMatchSkipStrategy.skipPastLastEvent())
  .where((e) => /https?:\/\//.test(e.text))
  .timesOrMore(5)
  .within('1m');

/** A login attempt from examples/data/logins.jsonl. */
export interface LoginEvent {
  readonly ts: number;
  readonly user: string;
  readonly ip: string;
  readonly outcome: 'failure' | 'success';
}

/** A price tick from examples/data/ticks.jsonl. */
export interface TickEvent {
  readonly ts: number;
  readonly symbol: string;
  readonly price: number;
}

/** A temperature reading from examples/data/readings.jsonl; `ts` is ISO-8601 text. */
export interface ReadingEvent {
  readonly ts: string;
  readonly sensor: string;
  readonly celsius: number;
}

/** Three or more failed logins in a row, then a success, within 5 minutes, each run once. Key: user. */
export const failedLogins = Pattern.begin<LoginEvent>('failures', AfterMatchSkipStrategy.skipPastLastEvent())
  .where((e) => e.outcome === 'failure')
  .timesOrMore(3)
  .consecutive()
  .next('success')
  .where((e) => e.outcome === 'success')
  .within('5m');

/**
 * A V-shape within 30 minutes: at least 3 ticks each lower than the one before (the first is the
 * top, the bottom at least 3% below it), at least 2 each higher, then a tick at or above the top.
 * Key: symbol.
 */
export const vShape = Pattern.begin<TickEvent>('falling', AfterMatchSkipStrategy.skipPastLastEvent())
  .where((e, ctx) => {
    const falling = ctx.eventsFor('falling');
    return falling.length === 0 || e.price < falling[falling.length - 1]!.price;
  })
  .timesOrMore(3)
  .consecutive()
  .next('rising')
  .where((e, ctx) => {
    const falling = ctx.eventsFor('falling');
    const rising = ctx.eventsFor('rising');
    return e.price > falling[falling.length - 1]!.price && (rising.length === 0 || e.price > rising[rising.length - 1]!.price);
  })
  .timesOrMore(2)
  .consecutive()
  .next('recovered')
  .where((e, ctx) => {
    const falling = ctx.eventsFor('falling');
    const rising = ctx.eventsFor('rising');
    const top = falling[0]!.price;
    return e.price > rising[rising.length - 1]!.price && e.price >= top && falling[falling.length - 1]!.price <= top * 0.97;
  })
  .within('30m');

/** Three readings in a row, each strictly warmer than the one before, each rise once. Key: sensor. */
export const risingTemperature = Pattern.begin<ReadingEvent>('cool', AfterMatchSkipStrategy.skipPastLastEvent())
  .next('warmer')
  .where((e, ctx) => e.celsius > ctx.eventsFor('cool')[0]!.celsius)
  .next('warmest')
  .where((e, ctx) => e.celsius > ctx.eventsFor('warmer')[0]!.celsius);
