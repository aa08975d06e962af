// The golden table: .cep text → the definition it loads as (settings line + model dump), one row
// per construct of the language. The dumps are reviewed by hand; a change in what any construct
// means shows up in golden.test.ts, and format.test.ts reformats every row. Long on purpose:
// one row per construct, all in one table.

/** Every construct of the language: name, .cep text, and the hand-checked dump of what it loads as. */
export const GOLDEN: readonly (readonly [name: string, text: string, dump: string])[] = [
  [
    'a single step without condition',
    `pattern p { begin a }`,
    `pattern p
no window, skip noSkip()
begin a`,
  ],
  [
    'strict contiguity',
    `pattern p { begin a where x == 1 next b where x == 2 }`,
    `pattern p
no window, skip noSkip()
begin a
  where x == 1
next b
  where x == 2`,
  ],
  [
    'relaxed contiguity',
    `pattern p { begin a followed by b }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b`,
  ],
  [
    'non-deterministic relaxed contiguity',
    `pattern p { begin a followed by any b }`,
    `pattern p
no window, skip noSkip()
begin a
followedByAny b`,
  ],
  [
    'not next',
    `pattern p { begin a not next b where kind == "b" followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
notNext b
  where kind == "b"
followedBy c`,
  ],
  [
    'not followed by in the middle',
    `pattern p { begin a not followed by b followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
notFollowedBy b
followedBy c`,
  ],
  [
    'not followed by at the end, with a window',
    `pattern p { within 10 minutes begin a not followed by b }`,
    `pattern p
window 10 minutes, skip noSkip()
begin a
notFollowedBy b`,
  ],
  [
    'times n',
    `pattern p { begin a times 3 }`,
    `pattern p
no window, skip noSkip()
begin a, times(3)`,
  ],
  [
    'times n..m',
    `pattern p { begin a times 2..4 }`,
    `pattern p
no window, skip noSkip()
begin a, times(2, 4)`,
  ],
  [
    'times 0..m is optional times 1..m',
    `pattern p { begin a followed by b times 0..3 followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b, times(1, 3), optional
followedBy c`,
  ],
  [
    'n or more',
    `pattern p { begin a 2 or more followed by c }`,
    `pattern p
no window, skip noSkip()
begin a, timesOrMore(2)
followedBy c`,
  ],
  [
    '0 or more is optional one or more',
    `pattern p { begin a followed by b 0 or more followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b, oneOrMore(), optional
followedBy c`,
  ],
  [
    'one or more',
    `pattern p { begin a one or more followed by c }`,
    `pattern p
no window, skip noSkip()
begin a, oneOrMore()
followedBy c`,
  ],
  [
    'zero or more',
    `pattern p { begin a followed by b zero or more followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b, oneOrMore(), optional
followedBy c`,
  ],
  [
    'optional',
    `pattern p { begin a followed by b optional followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b, optional
followedBy c`,
  ],
  [
    'greedy',
    `pattern p { begin a followed by b one or more greedy followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b, oneOrMore(), greedy
followedBy c`,
  ],
  [
    'consecutive',
    `pattern p { begin a next b times 2..3 consecutive followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
next b, times(2, 3), consecutive
followedBy c`,
  ],
  [
    'allow combinations',
    `pattern p { begin a followed by any b times 2 allow combinations followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedByAny b, times(2), allowCombinations
followedBy c`,
  ],
  [
    'modifiers in any order',
    `pattern p { begin a followed by b optional consecutive 2 or more followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b, timesOrMore(2), optional, consecutive
followedBy c`,
  ],
  [
    'until',
    `pattern p { begin a followed by b one or more where kind == "b" until kind == "x" followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b, oneOrMore()
  where kind == "b"
  until kind == "x"
followedBy c`,
  ],
  [
    'quantifier and modifiers after the condition',
    `pattern p { begin a followed by b where kind == "b" one or more greedy until kind == "x" followed by c }`,
    `pattern p
no window, skip noSkip()
begin a
followedBy b, oneOrMore(), greedy
  where kind == "b"
  until kind == "x"
followedBy c`,
  ],
  [
    'doc comments and event types',
    `// Orders.\nevent Order { id: string, ts: time }\n// Line one.\n// Line two.\npattern p on Order { key by id begin a where ts > 0 }`,
    `pattern p, key id, on Order
no window, skip noSkip()
begin a
  where ts > 0`,
  ],
  [
    'a condition followed by a negation',
    `pattern p { within 1 minute begin a where active not followed by b where x not in [1] }`,
    `pattern p
window 1 minute, skip noSkip()
begin a
  where active
notFollowedBy b
  where x not in [1]`,
  ],
  [
    'a group with a quantifier',
    `pattern p { begin start followed by ( begin a next b ) one or more next end }`,
    `pattern p
no window, skip noSkip()
begin start
followedBy group (a next b), oneOrMore()
  begin a
  next b
next end`,
  ],
  [
    'a group that begins the pattern, with until',
    `pattern p { begin ( begin a followed by b ) one or more consecutive until kind == "stop" followed by end }`,
    `pattern p
no window, skip noSkip()
begin group (a followedBy b), oneOrMore(), consecutive
  until kind == "stop"
  begin a
  followedBy b
followedBy end`,
  ],
  [
    'nested groups',
    `pattern p { begin s followed by ( begin a followed by any ( begin b next c ) optional ) times 2 followed by e }`,
    `pattern p
no window, skip noSkip()
begin s
followedBy group (a followedByAny (b next c)), times(2)
  begin a
  followedByAny group (b next c), optional
    begin b
    next c
followedBy e`,
  ],
  [
    'within 15 minutes',
    `pattern p { within 15 minutes begin a }`,
    `pattern p
window 15 minutes, skip noSkip()
begin a`,
  ],
  [
    'within 90s',
    `pattern p { within 90s begin a }`,
    `pattern p
window 1 minute 30 seconds, skip noSkip()
begin a`,
  ],
  [
    'within 1h30m',
    `pattern p { within 1h30m begin a }`,
    `pattern p
window 1 hour 30 minutes, skip noSkip()
begin a`,
  ],
  [
    'within 1 hour 30 minutes 250 ms',
    `pattern p { within 1 hour 30 minutes 250 ms begin a }`,
    `pattern p
window 1 hour 30 minutes 250 ms, skip noSkip()
begin a`,
  ],
  [
    'a step window (within after a step)',
    `pattern p { within 1 hour begin a followed by b within 10 minutes where x == 1 not next c within 90s not followed by d within 5 s }`,
    `pattern p
window 1 hour, skip noSkip()
begin a
followedBy b, within 10 minutes of previous
  where x == 1
notNext c, within 1 minute 30 seconds of previous
notFollowedBy d, within 5 seconds of previous`,
  ],
  [
    'after match no skip',
    `pattern p { after match no skip begin a }`,
    `pattern p
no window, skip noSkip()
begin a`,
  ],
  [
    'after match skip to next',
    `pattern p { after match skip to next begin a }`,
    `pattern p
no window, skip skipToNext()
begin a`,
  ],
  [
    'after match skip past last event',
    `pattern p { after match skip past last event begin a }`,
    `pattern p
no window, skip skipPastLastEvent()
begin a`,
  ],
  [
    'after match skip to first',
    `pattern p { after match skip to first b begin a followed by b }`,
    `pattern p
no window, skip skipToFirst('b')
begin a
followedBy b`,
  ],
  [
    'after match skip to last or fail',
    `pattern p { after match skip to last b or fail begin a followed by b }`,
    `pattern p
no window, skip skipToLast('b', { throwOnMiss: true })
begin a
followedBy b`,
  ],
  [
    'key by and time by',
    `pattern p { key by orderId time by ts begin a }`,
    `pattern p, key orderId, time ts
no window, skip noSkip()
begin a`,
  ],
  [
    'nested key and time paths',
    `pattern p { key by user.id time by meta.times[0] begin a }`,
    `pattern p, key user.id, time meta.times[0]
no window, skip noSkip()
begin a`,
  ],
  [
    'several patterns',
    `pattern one { begin a } pattern two { key by k begin b }`,
    `pattern one
no window, skip noSkip()
begin a
pattern two, key k
no window, skip noSkip()
begin b`,
  ],
  [
    'comparisons',
    `pattern p { begin a where x == 1 and x != 2 and x < 3 and x <= 4 and x > 5 and x >= 6 }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(and(and(and(and(x == 1, x != 2), x < 3), x <= 4), x > 5), x >= 6)`,
  ],
  [
    'and binds tighter than or',
    `pattern p { begin a where x == 1 or y == 2 and z == 3 }`,
    `pattern p
no window, skip noSkip()
begin a
  where or(x == 1, and(y == 2, z == 3))`,
  ],
  [
    'parentheses',
    `pattern p { begin a where (x == 1 or y == 2) and z == 3 }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(or(x == 1, y == 2), z == 3)`,
  ],
  [
    'not',
    `pattern p { begin a where not x == 1 and not (y == 2 or z == 3) }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(not(x == 1), not(or(y == 2, z == 3)))`,
  ],
  [
    'arithmetic precedence',
    `pattern p { begin s where a + b * c - d / e % f > -g and (a + b) * c == 0 }`,
    `pattern p
no window, skip noSkip()
begin s
  where and(a + b * c - d / e % f > -g, (a + b) * c == 0)`,
  ],
  [
    'negative numbers and negation',
    `pattern p { begin a where x == -5 and -x < - (5) and y == 1.5e3 }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(and(x == -5, -x < -(5)), y == 1500)`,
  ],
  [
    'literals',
    `pattern p { begin a where s == "two \\"words\\"\\n" or s == 'it\\'s' or b == true or b == false or n == 0.25 }`,
    `pattern p
no window, skip noSkip()
begin a
  where or(or(or(or(s == "two \\"words\\"\\n", s == "it's"), b == true), b == false), n == 0.25)`,
  ],
  [
    'durations in conditions',
    `pattern p { begin a where elapsed < 90s and elapsed > 1 hour 30 minutes - 1ms }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(elapsed < 1 minute 30 seconds, elapsed > 1 hour 30 minutes - 1 ms)`,
  ],
  [
    'null checks',
    `pattern p { begin a where x is null and y is not null and z is missing and w is not missing and v == null and u != null }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(and(and(and(and(x is null, y is not null), z is missing), w is not missing), v is null), u is not null)`,
  ],
  [
    'in and not in',
    `pattern p { begin a where kind in ["a", "b", null] and n not in [1, 2] }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(kind in ["a", "b", null], n not in [1, 2])`,
  ],
  [
    'string matching',
    `pattern p { begin a where s contains "x" and s starts with "a" and s ends with "z" and tags contains "t" }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(and(and(s contains "x", s starts with "a"), s ends with "z"), tags contains "t")`,
  ],
  [
    'regular expressions',
    `pattern p { begin a where s matches /^a\\/b[/]c$/i and s matches "a.c" }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(s matches /^a\\/b[/]c$/i, s matches /a.c/)`,
  ],
  [
    'a boolean field as a condition',
    `pattern p { begin a where active and not deleted }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(active, not(deleted))`,
  ],
  [
    'references to an earlier step',
    `pattern p { begin created followed by paid where paid_amount >= created.amount and created.user.id == user.id }`,
    `pattern p
no window, skip noSkip()
begin created
followedBy paid
  where and(paid_amount >= created.amount, created.user.id == user.id)`,
  ],
  [
    'aggregates over earlier steps',
    `pattern p { begin comments one or more followed by end where count(comments) >= 3 and avg(comments.score) > 2 and sum(comments.score) < 100 and min(comments.score) >= 0 and max(comments.score) <= 10 and first(comments.user) == last(comments.user) and count(comments.flag) == 0 }`,
    `pattern p
no window, skip noSkip()
begin comments, oneOrMore()
followedBy end
  where and(and(and(and(and(and(count(comments) >= 3, avg(comments.score) > 2), sum(comments.score) < 100), min(comments.score) >= 0), max(comments.score) <= 10), first(comments.user) == last(comments.user)), count(comments.flag) == 0)`,
  ],
  [
    'a loop reading its own events',
    `pattern p { begin start followed by middle one or more where sum(middle.price) + price < 5 followed by end }`,
    `pattern p
no window, skip noSkip()
begin start
followedBy middle, oneOrMore()
  where sum(middle.price) + price < 5
followedBy end`,
  ],
  [
    'the event keyword and a field named like a step',
    `pattern p { begin amount followed by b where event.amount > amount.amount }`,
    `pattern p
no window, skip noSkip()
begin amount
followedBy b
  where event.amount > amount.amount`,
  ],
  [
    'timestamp()',
    `pattern p { begin a where timestamp() == 3 }`,
    `pattern p
no window, skip noSkip()
begin a
  where timestamp() == 3`,
  ],
  [
    'quoted names',
    "pattern `my pattern` { key by `order id` begin `first step` where `field.with.dots` == 1 and `not` == 2 followed by `and` where count(`first step`) == 1 }",
    `pattern my pattern, key order id
no window, skip noSkip()
begin first step
  where and(\`field.with.dots\` == 1, \`not\` == 2)
followedBy and
  where count(\`first step\`) == 1`,
  ],
  [
    'field paths with indexes',
    `pattern p { begin a where items[0].sku == "x" and matrix[1][2] > 0 }`,
    `pattern p
no window, skip noSkip()
begin a
  where and(items[0].sku == "x", matrix[1][2] > 0)`,
  ],
];
