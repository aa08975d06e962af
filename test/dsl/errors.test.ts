// Error table: bad .cep text → every problem, exactly as reported: line, column, message and
// the "did you mean" suggestion. One row per kind of mistake, grouped by the stage that finds it.
// Long on purpose: the whole table of messages reads in one place.
import { describe, expect, it } from 'vitest';
import { parsePatterns } from '../../src/dsl/parse-patterns.js';
import { problems } from './support.js';

const table: readonly (readonly [name: string, text: string, expected: readonly string[]])[] = [
  // lexing
  [
    'an unexpected character',
    `pattern p { begin a where x @ 1 }`,
    ["1:29 unexpected character \"@\""],
  ],
  [
    'an unterminated string',
    `pattern p { begin a where s == "abc }\n`,
    ["1:32 this string has no closing \"; close it on the same line"],
  ],
  [
    'an unterminated quoted name',
    "pattern p { begin `a }\n",
    ["1:19 this quoted name has no closing `; close it on the same line"],
  ],
  [
    'an unknown escape',
    `pattern p { begin a where s == "a\\qb" }`,
    ["1:34 unknown escape '\\q'; use \\n, \\t, \\r, \\\\, \\\", \\', \\`, \\/ or \\u{hex}"],
  ],
  [
    'nesting too deep',
    `pattern p { begin a where ${'('.repeat(70)}x${')'.repeat(70)} }`,
    ["1:90 nesting deeper than 64 levels (brackets, groups or repeated 'not' / '-'); split the condition or the pattern"],
  ],
  [
    'a condition with too many operators',
    `pattern p { begin a where ${Array.from({ length: 1001 }, (_, i) => `x == ${i}`).join(' or ')} }`,
    ["1:27 this condition has 2001 operators, more than the limit of 1000; split it over several steps or simplify it"],
  ],
  // syntax
  [
    'a misspelled connection',
    `pattern p { begin a folowed by b }`,
    ["1:21 unexpected 'folowed'; expected a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' (did you mean 'followed by'?)"],
  ],
  [
    'a misspelled clause',
    `pattern p { kye by orderId begin a }`,
    ["1:13 unexpected 'kye'; expected 'key by', 'time by', 'within', 'after match' or 'begin' (did you mean 'key by'?)"],
  ],
  [
    'a misspelled where',
    `pattern p { begin a times 2 wher x > 1 }`,
    ["1:29 unexpected 'wher'; expected '..', a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' (did you mean 'where'?)"],
  ],
  [
    'a keyword written as one word',
    `pattern p { begin a followedby b }`,
    ["1:21 unexpected 'followedby'; expected a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' (did you mean 'followed by'?)"],
  ],
  [
    'a capitalised keyword',
    `Pattern p { begin a }`,
    ["1:1 unexpected 'Pattern'; expected 'pattern' or 'event' (did you mean 'pattern'?)"],
  ],
  [
    'a single =',
    `pattern p { begin a where x = 1 }`,
    ["1:29 unexpected '='; expected '(', '.', '[', an arithmetic operator, a comparison ('==', '<', 'in', 'contains', 'is null', …), 'not next', 'not followed by', 'and', 'or', a quantifier or modifier, 'where', 'until', 'next', 'followed by' or '}' (did you mean '=='?)"],
  ],
  [
    '&& instead of and',
    `pattern p { begin a where x == 1 && y == 2 }`,
    ["1:34 unexpected '&&'; expected an arithmetic operator, 'and', 'or', a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' (did you mean 'and'?)"],
  ],
  [
    '|| instead of or',
    `pattern p { begin a where x == 1 || y == 2 }`,
    ["1:34 unexpected '||'; expected an arithmetic operator, 'and', 'or', a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' (did you mean 'or'?)"],
  ],
  [
    '! instead of not',
    `pattern p { begin a where !x }`,
    ["1:27 unexpected '!'; expected 'not', '-', a number, a duration (e.g. 15 minutes), a string, 'true', 'false', 'null', a name or '(' (did you mean 'not'?)"],
  ],
  [
    'a missing closing brace',
    `pattern p { begin a where x == 1`,
    ["1:33 unexpected end of file; expected an arithmetic operator, 'and', 'or', a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}'"],
  ],
  [
    'a window without a unit',
    `pattern p { within 15 begin a }`,
    ["1:20 unexpected '15'; expected a duration (e.g. 15 minutes)"],
  ],
  [
    'times without a count',
    `pattern p { begin a times where x == 1 }`,
    ["1:27 unexpected 'where'; expected a number"],
  ],
  [
    'a missing begin',
    `pattern p { key by k a where x == 1 }`,
    ["1:22 unexpected 'a'; expected '.', '[', 'key by', 'time by', 'within', 'after match' or 'begin'"],
  ],
  [
    'a stray token between patterns',
    `pattern p { begin a } } pattern q { begin b }`,
    ["1:23 unexpected '}'; expected 'pattern' or 'event'"],
  ],
  [
    'is nul',
    `pattern p { begin a where x is nul }`,
    ["1:32 unexpected 'nul'; expected 'not null', 'not missing', 'null' or 'missing' (did you mean 'null'?)"],
  ],
  [
    'a reserved word as a step name',
    `pattern p { begin and }`,
    ["1:19 unexpected 'and'; expected a name or '(' (did you mean '`and`'?)"],
  ],
  [
    'every problem of a pattern at once',
    `event Order { orderId: string, amount: number }\npattern p on Order {\n  key by ordrId\n  begin a where ammount > 1\n  followed by b greedy where a.amount == "1"\n}`,
    [
      "3:10 event Order has no field 'ordrId' (did you mean 'orderId'?)",
      "4:17 event Order has no field 'ammount' (did you mean 'amount'?)",
      "5:15 step 'b': greedy only applies to a repeated step (times n, n or more, one or more) and this step takes exactly one event; remove greedy or repeat the step",
      "5:42 'a.amount' (a number) and \"1\" (a string) are never equal; compare values of the same type",
    ],
  ],
  [
    'errors in two patterns at once',
    `pattern p { begin a folowed by b }\npattern q { begin a where x > > 1 }`,
    [
      "1:21 unexpected 'folowed'; expected a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' (did you mean 'followed by'?)",
      "2:31 unexpected '>'; expected '-', a number, a duration (e.g. 15 minutes), a string, 'true', 'false', 'null', a name or '('",
    ],
  ],
  [
    'syntax and semantic errors in three patterns (the stray } is taken as part of the broken one)',
    'pattern p { begin a folowed b } } pattern q { begin b where "a" + 1 > 2 } pattern r { begin c wher }',
    [
      "1:21 unexpected 'folowed'; expected a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' (did you mean 'followed by'?)",
      '1:61 \'+\' needs numbers, and "a" is a string',
      "1:95 unexpected 'wher'; expected a quantifier or modifier, 'where', 'until', 'next', 'followed by', 'not next', 'not followed by' or '}' (did you mean 'where'?)",
    ],
  ],
  // names and declarations
  [
    'a condition given twice',
    `pattern p { begin a where x > 1 where y > 2 }`,
    ["1:33 step 'a' has 'where' twice; combine the conditions with 'and' (or 'or') in one 'where'"],
  ],
  [
    'two patterns with one name',
    `pattern p { begin a }\npattern p { begin b }`,
    ["2:9 another pattern is already named 'p'; pattern names must be unique across all loaded files"],
  ],
  [
    'two event types with one name',
    `event E { a: string }\nevent E { b: string }`,
    ["2:7 event type 'E' is declared twice; keep one declaration"],
  ],
  [
    'a clause given twice',
    `pattern p { within 1 minute within 2 minutes begin a }`,
    ["1:29 'within' is given twice in pattern 'p'; keep one"],
  ],
  [
    'a field declared twice',
    `event E { a: string, a: number }`,
    ["1:22 field 'a' is declared twice; remove one of them"],
  ],
  [
    'a modifier written twice',
    `pattern p { begin a one or more greedy greedy }`,
    ["1:40 step 'a': 'greedy' is written twice; once is enough"],
  ],
  [
    'two quantifiers',
    `pattern p { begin a times 2 one or more }`,
    ["1:29 step 'a': a quantifier is already given; write one of times n, times n..m, n or more, one or more per step"],
  ],
  [
    'an unknown event type',
    `event Order { id: string }\npattern p on Ordr { begin a }`,
    ["2:14 unknown event type 'Ordr' (declared: Order); declare it with event Ordr { … } (did you mean 'Order'?)"],
  ],
  [
    'an unknown field type',
    `event E { a: strng, b: Customr }\nevent Customer { id: string }`,
    [
      "1:14 unknown type 'strng'; a field is string, number, boolean, time, any, a declared event type, { … } or [type] (did you mean 'string'?)",
      "1:24 unknown type 'Customr'; a field is string, number, boolean, time, any, a declared event type, { … } or [type] (did you mean 'Customer'?)",
    ],
  ],
  [
    'a built-in type name for an event type',
    `event string { a: number }`,
    ["1:7 'string' is a built-in type (string, number, boolean, time, any); name the event type differently"],
  ],
  [
    'an unknown skip target',
    `pattern p { after match skip to first crated begin created }`,
    ["1:39 the skip strategy names step 'crated', and the pattern has no such event step (steps: created) (did you mean 'created'?)"],
  ],
  [
    'a skip target inside a group',
    `pattern p {\n  after match skip to last b or fail\n  begin x followed by (begin a next b) one or more followed by y\n}`,
    [
      "2:28 'skip to last b' names step 'b', which is inside the group (a next b); as in Flink, a skip strategy can only name an event step at the top level of the pattern (they are 'x', 'y'); name one of them or choose another skip strategy",
    ],
  ],
  [
    'an unknown skip target, when the steps are in a group',
    `pattern p { after match skip to first bb begin (begin a next b) one or more }`,
    [
      "1:39 the skip strategy names step 'bb', and the pattern has no such event step (a skip strategy can only name a step outside groups, and there is none); step 'b' is close, but it is inside a group, and as in Flink a skip strategy can only name a step outside groups",
    ],
  ],
  [
    'a misspelt skip target whose near miss is inside a group',
    `pattern p { after match skip to first requst begin login followed by (begin request next reply) one or more }`,
    [
      "1:39 the skip strategy names step 'requst', and the pattern has no such event step (steps: login); step 'request' is close, but it is inside a group, and as in Flink a skip strategy can only name a step outside groups",
    ],
  ],
  [
    'an unknown skip target suggests only steps outside groups',
    `pattern p { after match skip to first bb begin x followed by (begin a next b) followed by bc }`,
    ["1:39 the skip strategy names step 'bb', and the pattern has no such event step (steps: x, bc) (did you mean 'bc'?)"],
  ],
  [
    'an unknown step in an aggregate',
    `pattern p { begin comments one or more followed by b where count(coments) > 2 }`,
    ["1:66 count(...) reads the events of a step, and there is no step 'coments' (steps: comments, b) (did you mean 'comments'?)"],
  ],
  [
    'an unknown function',
    `pattern p { begin a one or more followed by b where cont(a) > 2 }`,
    ["1:53 unknown function 'cont'; the functions are count(), sum(), avg(), min(), max(), first(), last(), timestamp() (did you mean 'count'?)"],
  ],
  [
    'an aggregate without a step',
    `pattern p { begin a followed by b where sum(price) > 2 }`,
    ["1:45 sum(...) reads the events of a step, and there is no step 'price' (steps: a, b)"],
  ],
  [
    'an aggregate of a step without a field',
    `pattern p { begin a one or more followed by b where avg(a) > 2 }`,
    ["1:57 avg(...) needs a field of the step's events, e.g. avg(a.price)"],
  ],
  [
    'timestamp with an argument',
    `pattern p { begin a where timestamp(x) > 2 }`,
    ["1:27 timestamp() takes no arguments; it is the time of the event being tested"],
  ],
  [
    'a step used as a value',
    `pattern p { begin a followed by b where a > 2 }`,
    ["1:41 'a' names a step, not a value; write a.field for a field of its event, count(a) for how many events it matched, or event.a for a field of the event being tested"],
  ],
  [
    'event used as a value',
    `pattern p { begin a where event > 2 }`,
    ["1:27 'event' alone is not a value; write event.field for a field of the event being tested"],
  ],
  [
    'count(event) with a step named event: the bare word is the event being tested',
    `pattern p { begin event one or more followed by b where count(event) > 2 }`,
    ["1:63 the bare word 'event' is the event being tested, not step 'event'; write count(`event`) to read the events of step 'event'"],
  ],
  [
    'sum(event.field) with a step named event',
    `pattern p { begin event one or more followed by b where sum(event.price) > 2 and last(event.items[0]) == 1 }`,
    [
      "1:61 the bare word 'event' is the event being tested, not step 'event'; write sum(`event`.price) to read the events of step 'event'",
      "1:87 the bare word 'event' is the event being tested, not step 'event'; write last(`event`.items[0]) to read the events of step 'event'",
    ],
  ],
  [
    'count(event) without a step named event',
    `pattern p { begin a one or more followed by b where count(event) > 2 }`,
    ["1:53 count(...) takes one step (or a field of it), e.g. count(b); the bare word 'event' is the event being tested, not a step"],
  ],
  [
    'an aggregate of a step named like a literal',
    "pattern p { begin `true` one or more followed by `null` where count(true) > 2 and first(null) == 1 }",
    [
      "1:69 the bare word 'true' is the value true, not step 'true'; write count(`true`) to read the events of step 'true'",
      "1:89 the bare word 'null' is the value null, not step 'null'; write first(`null`.field) to read a field of the events of step 'null'",
    ],
  ],
  [
    'an aggregate that reads a field, of a step named event or like a literal, given no field',
    "pattern p { begin `event` one or more followed by `false` one or more followed by b where sum(event) > 2 and avg(false) > 1 }",
    [
      "1:95 the bare word 'event' is the event being tested, not step 'event'; write sum(`event`.field) to read a field of the events of step 'event'",
      "1:114 the bare word 'false' is the value false, not step 'false'; write avg(`false`.field) to read a field of the events of step 'false'",
    ],
  ],
  [
    'event used as a value, with a step named event',
    `pattern p { begin event followed by b where event > 2 }`,
    ["1:45 'event' alone is not a value; write event.field for a field of the event being tested, or `event`.field / count(`event`) to read step 'event'"],
  ],
  [
    'a step that needs backticks used as a value',
    "pattern p { begin `order id` followed by `not` where `order id` > 2 and `not` == 1 }",
    [
      "1:54 'order id' names a step, not a value; write `order id`.field for a field of its event, count(`order id`) for how many events it matched, or event.`order id` for a field of the event being tested",
      "1:73 'not' names a step, not a value; write `not`.field for a field of its event, count(`not`) for how many events it matched, or event.`not` for a field of the event being tested",
    ],
  ],
  [
    'the reserved word not as a name',
    "pattern p { begin `not` one or more followed by b where count(not) > 2 }",
    ["1:63 'not' is a reserved word; to use it as a name, write it in backticks (did you mean '`not`'?)"],
  ],
  [
    'the reserved word not as the head of a path',
    `pattern p { begin a where not.x > 2 }`,
    ["1:27 'not' is a reserved word; to use it as a name, write it in backticks (did you mean '`not`'?)"],
  ],
  [
    'a literal as the head of a path: a step named true, false or null read without backticks',
    "pattern p { begin `true` one or more followed by b where sum(true.price) > 2 }\npattern q { begin `null` followed by b where null.items[0] == 1 }\npattern r { begin `false` where false[0] == 1 }",
    [
      "1:62 'true' is a reserved word; to use it as a name, write it in backticks (did you mean '`true`'?)",
      "2:46 'null' is a reserved word; to use it as a name, write it in backticks (did you mean '`null`'?)",
      "3:33 'false' is a reserved word; to use it as a name, write it in backticks (did you mean '`false`'?)",
    ],
  ],
  [
    'a field of a step that matches several events',
    `pattern p { begin a one or more followed by b where price > a.price }`,
    ["1:61 step 'a' can match several events; say which: first(a.price), last(a.price), or an aggregate such as sum(a.price)"],
  ],
  [
    'a step reading its own single event',
    `pattern p { begin a where a.price > 2 }`,
    ["1:27 step 'a' takes one event and has none yet while its own condition is tested; read the event being tested directly (event.field)"],
  ],
  [
    'a step reading a later step',
    `pattern p { begin a where b.x == 1 followed by b }`,
    ["1:27 step 'b' comes after 'a', so it has no events yet when 'a' is tested; a condition can read earlier steps only"],
  ],
  [
    'a step reading a negation',
    `pattern p { begin a not followed by n followed by b where n.x == 1 }`,
    ["1:59 step 'n' is a negation and never holds events, so a condition cannot read it"],
  ],
  [
    'a where on a group',
    `pattern p { begin ( begin a followed by b ) where x == 1 }`,
    ["1:45 a group has no condition of its own; put 'where' on the steps inside it"],
  ],
  [
    'a list index that is not whole',
    `pattern p { begin a where items[1.5] == 1 }`,
    ["1:33 a list index is a whole number, not 1.5"],
  ],
  [
    'a count that is not whole',
    `pattern p { begin a times 2.5 }`,
    ["1:21 step 'a': a quantifier counts events in whole numbers, not 2.5"],
  ],
  [
    'times 0',
    `pattern p { begin a followed by b times 0 }`,
    ["1:35 step 'b': times 0 takes no events; remove the step, or make it optional"],
  ],
  [
    'a key path the engine cannot read',
    "pattern p { key by `a.b` begin a }",
    ["1:20 key by cannot read a field whose name is empty or contains '.', '[' or ']'"],
  ],
  [
    'a number too large',
    `pattern p { begin a where x > 1e999 }`,
    ["1:31 this number is too large to be represented"],
  ],
  [
    'durations too long to be held exactly (and written back by the formatter)',
    `pattern p {\n  within 99999999999999999999999 weeks\n  begin a where x < 9007199254740992 ms\n  next b within ${'9'.repeat(400)} ms\n}`,
    [
      '2:3 this duration is too long; the longest is 104249991 days 8 hours 59 minutes 991 ms',
      '3:21 this duration is too long; the longest is 104249991 days 8 hours 59 minutes 991 ms',
      "4:10 step 'b': this duration is too long; the longest is 104249991 days 8 hours 59 minutes 991 ms",
    ],
  ],
  [
    'the longest duration',
    `pattern p { within 9007199254740991 ms begin a where x < 104249991 days }`,
    [],
  ],
  // types
  [
    'an unknown field with a schema',
    `event Order { orderId: string, amount: number }\npattern p on Order { begin a where ammount > 1 }`,
    ["2:36 event Order has no field 'ammount' (did you mean 'amount'?)"],
  ],
  [
    'no type errors about operands already reported (they would quote null for the unknown parts)',
    `event Click { page: string }\npattern p on Click { begin a where p % age == "home" and foo(page) + 1 == "x" and not (zz + 1) }`,
    [
      "2:36 event Click has no field 'p'",
      "2:40 event Click has no field 'age' (did you mean 'page'?)",
      "2:58 unknown function 'foo'; the functions are count(), sum(), avg(), min(), max(), first(), last(), timestamp()",
      "2:88 event Click has no field 'zz'",
    ],
  ],
  [
    'an unknown nested field',
    `event Order { user: { id: string, name: string } }\npattern p on Order { begin a where user.nmae == "x" }`,
    ["2:41 'user' has no field 'nmae' (did you mean 'name'?)"],
  ],
  [
    'a field of a scalar',
    `event Order { amount: number }\npattern p on Order { begin a where amount.value > 1 }`,
    ["2:43 'amount' is a number, so it has no field 'value'"],
  ],
  [
    'an index into a non-list',
    `event Order { user: { id: string } }\npattern p on Order { begin a where user[0] == "x" }`,
    ["2:41 'user' is an object, not a list, so it has no [0]"],
  ],
  [
    'an unknown key field',
    `event Order { orderId: string }\npattern p on Order { key by ordrId begin a }`,
    ["2:29 event Order has no field 'ordrId' (did you mean 'orderId'?)"],
  ],
  [
    'a key of the wrong type',
    `event Order { user: { id: string } }\npattern p on Order { key by user begin a }`,
    ["2:29 key by needs a string or number field, and 'user' is an object"],
  ],
  [
    'comparing a number with a string',
    `event Order { amount: number }\npattern p on Order { begin a where amount == "5" }`,
    ["2:46 'amount' (a number) and \"5\" (a string) are never equal; compare values of the same type"],
  ],
  [
    'ordering booleans',
    `event Order { paid: boolean }\npattern p on Order { begin a where paid > true }`,
    ["2:36 '>' compares numbers or strings, and 'paid' is true or false"],
  ],
  [
    'ordering a number against a string',
    `pattern p { begin a where 5 < "x" }`,
    ["1:31 '<' compares two numbers or two strings, not 5 (a number) and \"x\" (a string)"],
  ],
  [
    'arithmetic on a string',
    `event Order { id: string }\npattern p on Order { begin a where id + 1 > 2 }`,
    ["2:36 '+' needs numbers, and 'id' is a string"],
  ],
  [
    'a number as a condition',
    `event Order { amount: number }\npattern p on Order { begin a where amount }`,
    ["2:36 a condition must be true or false, and 'amount' is a number"],
  ],
  [
    'a number in and',
    `event Order { amount: number }\npattern p on Order { begin a where amount and true }`,
    ["2:36 'and' needs true or false on both sides, and 'amount' is a number"],
  ],
  [
    'not on something that is not true or false (it has one operand, not two sides)',
    `pattern p { begin a where not 5 }`,
    ["1:31 'not' needs true or false, and 5 is a number"],
  ],
  [
    'contains on a number',
    `event Order { amount: number }\npattern p on Order { begin a where amount contains "1" }`,
    ["2:36 'contains' needs a string or a list on its left, and 'amount' is a number"],
  ],
  [
    'a list that cannot contain the value',
    `event Order { tags: [string] }\npattern p on Order { begin a where tags contains 1 }`,
    ["2:50 1 (a number) is never an element of 'tags', a list of strings"],
  ],
  [
    'starts with on a number',
    `pattern p { begin a where 5 starts with "5" }`,
    ["1:27 'starts with' needs strings, and 5 is a number"],
  ],
  [
    'matches on a number',
    `event Order { amount: number }\npattern p on Order { begin a where amount matches /1/ }`,
    ["2:36 'matches' needs a string, and 'amount' is a number"],
  ],
  [
    'in with elements of another type',
    `event Order { kind: string }\npattern p on Order { begin a where kind in ["a", 2] }`,
    ["2:50 'kind' (a string) and 2 (a number) are never equal; compare values of the same type"],
  ],
  [
    'sum of strings',
    `event Order { id: string }\npattern p on Order { begin a one or more followed by b where sum(a.id) > 2 }`,
    ["2:66 sum(...) needs numbers, and 'a.id' is a string"],
  ],
  [
    'null in arithmetic',
    `pattern p { begin a where x + null > 2 }`,
    ["1:31 '+' needs numbers, and null is not one; test for null with 'is null'"],
  ],
  [
    'ordering against null',
    `pattern p { begin a where x > null }`,
    ["1:31 '>' cannot compare with null; test for null with 'is null'"],
  ],
  [
    'a bad regular expression',
    `pattern p { begin a where s matches /a(/ }`,
    ["1:37 not a valid regular expression: /a(/: Unterminated group"],
  ],
  [
    'a stateful regular expression flag',
    `pattern p { begin a where s matches /a/g }`,
    ["1:37 regular expression flags 'g' are not allowed; use i, m, s and u, each once (g and y would make a match depend on earlier events)"],
  ],
  // pattern rules from validatePattern
  [
    'greedy on a single step',
    `pattern p { begin a followed by b greedy }`,
    ["1:33 step 'b': greedy only applies to a repeated step (times n, n or more, one or more) and this step takes exactly one event; remove greedy or repeat the step"],
  ],
  [
    'consecutive on a single step',
    `pattern p { begin a followed by b consecutive }`,
    ["1:33 step 'b': consecutive sets the contiguity between the events of a repeated step (times n, n or more, one or more) and this step takes one event; remove it, or use 'next' for strict contiguity with the step before"],
  ],
  [
    'allow combinations on a single step',
    `pattern p { begin a followed by b allow combinations }`,
    ["1:33 step 'b': allow combinations sets the contiguity between the events of a repeated step (times n, n or more, one or more) and this step takes one event; remove it, or use 'followed by any' to connect it to the step before"],
  ],
  [
    'greedy with allow combinations',
    `pattern p { begin a followed by b one or more greedy allow combinations }`,
    ["1:33 step 'b': greedy takes as many events as it can while allow combinations asks for every combination of them; keep one of the two"],
  ],
  [
    'consecutive with allow combinations',
    `pattern p { begin a followed by b one or more consecutive allow combinations }`,
    ["1:33 step 'b': consecutive (strict) and allow combinations (any combination) contradict each other; keep one of the two"],
  ],
  [
    'until on a step that does not loop',
    `pattern p { begin a followed by b times 2 until x == 1 }`,
    ["1:33 step 'b': 'until' only stops a looping step (one or more, n or more) and this step is times 2; make it loop, or fold the condition into 'where'"],
  ],
  [
    'a quantified negation',
    `pattern p { begin a not followed by b times 2 optional followed by c }`,
    ["1:37 step 'b': a negation (not followed by) cannot take times 2, optional; remove them: one negation already forbids every matching event where it applies"],
  ],
  [
    'a negation after an optional step',
    `pattern p { begin a followed by b optional not next c followed by d }`,
    ["1:53 step 'c': a negation cannot directly follow the optional step 'b'; write two patterns, one with 'b' and one without it"],
  ],
  [
    'a negation ending a group',
    `pattern p { begin ( begin a not followed by b ) followed by c }`,
    ["1:45 step 'b': a negation cannot end a group (Flink silently ignores it there); move it after the group, or add a step after it inside the group"],
  ],
  [
    'a negation last without a window',
    `pattern p { begin a not followed by b }`,
    ["1:37 step 'b': not followed by as the last step completes a match only when the window ends, and the pattern has no window; add 'within' or a step after it"],
  ],
  [
    'a negated group',
    `pattern p { begin a not followed by ( begin b followed by c ) followed by d }`,
    ["1:37 step '(b followed by c)': a group cannot be negated (not followed by); negate single steps, e.g. not followed by x where …"],
  ],
  [
    'a greedy group',
    `pattern p { begin a followed by ( begin b followed by c ) one or more greedy followed by d }`,
    ["1:33 step '(b followed by c)': greedy is not supported on a group (Flink rejects it); put greedy on a repeated step inside the group, or remove it"],
  ],
  [
    'too many repetitions',
    `pattern p { begin a times 1..2000 }`,
    ["1:21 step 'a': times 1..2000 exceeds the limit of 1000 repetitions (each counted event is a state of the automaton); use a smaller count, or one or more with a condition that uses count(...)"],
  ],
  [
    'min above max',
    `pattern p { begin a times 3..2 }`,
    ["1:21 step 'a': times 3..2 needs whole numbers with 1 <= min <= max"],
  ],
  [
    'an empty window',
    `pattern p { within 0 ms begin a }`,
    ["1:13 'within' needs a positive whole number of milliseconds, not 0; use a duration such as 15 minutes"],
  ],
  [
    'a reserved step name',
    "pattern p { begin `$a` }",
    ["1:19 step '$a': the name is reserved (names starting with '$' are kept for internal states; '__proto__' and 'constructor' clash with object properties of a match); choose another name"],
  ],
  [
    'an empty step name',
    "pattern p { begin `` }",
    ["1:19 step '': a step needs a non-empty name; name it after what it matches, e.g. 'login'"],
  ],
  [
    'too many states',
    `pattern p { begin s0 times 1000 ${Array.from({ length: 20 }, (_, i) => `followed by s${i + 1} times 1000`).join(' ')} }`,
    ["1:45 step 's1': the pattern compiles to more than 20000 states; lower its repetition counts"],
  ],
];

describe('DSL errors (table)', () => {
  for (const [name, text, expected] of table) {
    it(name, () => {
      expect(problems(text)).toEqual(expected);
    });
  }
});

describe('a file that starts with a byte-order mark', () => {
  it('has its diagnostics at the columns of the text without it', () => {
    const text = 'pattern p { begin a where x < "s" and 1 < "y" }';
    const at = (source: string) => parsePatterns(source, { file: 'p.cep' }).diagnostics.map((d) => `${d.line}:${d.column}:${d.offset} ${d.code}`);
    expect(at(`\uFEFF${text}`)).toEqual(at(text));
    expect(at(text)).toEqual(['1:43:42 type-mismatch']);
  });
});

describe('a name written with letters outside ASCII', () => {
  it('is one diagnostic on the whole word, saying to write it in backticks', () => {
    const found = parsePatterns('pattern p {\n  begin été where x == 1\n}\n', { file: 'p.cep' }).diagnostics;
    expect(found.map((d) => [d.line, d.column, d.length, d.code, d.message])).toEqual([
      [2, 9, 3, 'unexpected-character', '"été" is not a name: names are ASCII letters, digits and _; write others in backticks, `été`'],
    ]);
    expect(parsePatterns('pattern p {\n  begin `été` where x == 1\n}\n', { file: 'p.cep' }).diagnostics).toEqual([]);
    expect(parsePatterns('pattern p { begin a where 数量 > 1 }', { file: 'p.cep' }).diagnostics.map((d) => d.message)).toEqual([
      '"数量" is not a name: names are ASCII letters, digits and _; write others in backticks, `数量`',
    ]);
  });
});

describe('a duration with a fraction of a millisecond', () => {
  it('is reported where it is written, not rounded unseen', () => {
    const messages = (text: string) => parsePatterns(text, { file: 'p.cep' }).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(messages('pattern p { begin a where y > 0.5 ms }')).toEqual(['1:31 a duration is a whole number of milliseconds, not 0.5 ms']);
    expect(messages('pattern p { begin a followed by b within 0.4 ms }')).toEqual(['1:35 step \'b\': a duration is a whole number of milliseconds, not 0.4 ms']);
    expect(messages('pattern p { within 2.5 ms begin a followed by b }')).toEqual(['1:13 a duration is a whole number of milliseconds, not 2.5 ms']);
    // Decimal units that come to whole milliseconds are whole, however the multiplication rounds.
    expect(messages('pattern p { within 1.5 s begin a followed by b within 1.1 seconds }')).toEqual([]);
  });
});
