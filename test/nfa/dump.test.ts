// Golden table: each pattern's compiled automaton, printed. The .txt files are reviewed by hand;
// a change to the compiler that alters any automaton shows up here as a diff.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';
import { compile } from '../../src/nfa/compile.js';
import { dumpNfa } from '../../src/nfa/dump.js';
import { nfaToDot, nfaToMermaid } from '../../src/nfa/diagram.js';

type Ev = { type: string };
const is = (type: string) => Object.assign((e: Ev) => e.type === type, { toString: () => `type == '${type}'` });
const step = (p: Pattern<Ev>, name: string) => p.where(is(name), `type == '${name}'`);
const begin = (name: string) => step(Pattern.begin<Ev>(name), name);

const table: Record<string, Pattern<Ev>> = {
  'strict-pair': step(begin('a').next('b'), 'b'),
  'relaxed-pair': step(begin('a').followedBy('b'), 'b'),
  'any-pair': step(begin('a').followedByAny('b'), 'b'),
  'one-or-more': step(step(begin('a').followedBy('b'), 'b').oneOrMore().followedBy('c'), 'c'),
  'one-or-more-consecutive': step(step(begin('a').next('b'), 'b').oneOrMore().consecutive().next('c'), 'c'),
  'one-or-more-combinations': step(step(begin('a').followedByAny('b'), 'b').oneOrMore().allowCombinations().followedBy('c'), 'c'),
  'times-range': step(step(begin('a').followedBy('b'), 'b').times(2, 4).followedBy('c'), 'c'),
  'times-or-more-greedy': step(step(begin('a').followedBy('b'), 'b').timesOrMore(2).greedy().followedBy('c'), 'c'),
  'optional-middle': step(step(begin('a').followedBy('b'), 'b').optional().followedBy('c'), 'c'),
  'until': step(
    step(begin('a').followedBy('b'), 'b')
      .oneOrMore()
      .until(is('x'), "type == 'x'")
      .followedBy('c'),
    'c',
  ),
  'not-next': step(step(begin('a').notNext('b'), 'b').followedBy('c'), 'c'),
  'not-followed-by-middle': step(step(begin('a').notFollowedBy('b'), 'b').followedBy('c'), 'c'),
  'not-followed-by-last': step(begin('a').notFollowedBy('b'), 'b').within('15m'),
  'not-followed-by-then-optional': step(step(step(begin('a').notFollowedBy('b'), 'b').followedBy('c'), 'c').optional().followedBy('d'), 'd'),
  'group-one-or-more': step(begin('start').followedBy(step(begin('a').next('b'), 'b')).oneOrMore().next('end'), 'end'),
  'group-optional': step(begin('start').followedBy(step(begin('a').followedBy('b'), 'b')).optional().followedBy('end'), 'end'),
  // Per-step windows: on b's state but not its ignore state, on c's state and on the copy made
  // when the optional b takes an event after the notFollowedBy, on the notNext and on the pending state.
  'step-windows': step(
    step(
      step(
        step(step(step(begin('a').notFollowedBy('n'), 'n').followedBy('b'), 'b').within('4s', 'previous-and-current').optional().followedBy('c'), 'c')
          .within('5s', 'previous-and-current')
          .notNext('d'),
        'd',
      )
        .within('2s', 'previous-and-current')
        .followedBy('e'),
      'e',
    ).notFollowedBy('f'),
    'f',
  ).within('3s', 'previous-and-current'),
  'skip-and-window': step(
    step(Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipToLast('b')), 'a').followedBy('b'),
    'b',
  ).within('1h30m'),
};

describe('compiled automata (golden)', () => {
  for (const [name, pattern] of Object.entries(table)) {
    it(name, async () => {
      await expect(dumpNfa(compile(pattern.toModel()), { conditions: true }) + '\n').toMatchFileSnapshot(`golden/${name}.txt`);
    });
  }
});

describe('step names given in code', () => {
  // The DSL only makes identifiers; code can name a step anything, and a dump line or diagram
  // label must stay one line.
  const pattern = step(step(begin('line\nbreak').followedBy('tab\there'), 'b'), 'b');
  const nfa = compile(pattern.toModel());

  it('print on one line, quoted, when they hold a control character', () => {
    const dump = dumpNfa(nfa, { conditions: true });
    expect(dump).toContain('"line\\nbreak"');
    expect(dump).toContain('"tab\\there"');
    expect(dump.split('\n').every((line) => !line.includes('\t'))).toBe(true);
    expect(dump.split('\n').filter((line) => line.startsWith('  take ')).length).toBeGreaterThan(0);
  });

  it('keep diagram labels on one line', () => {
    for (const text of [nfaToDot(nfa), nfaToMermaid(nfa)]) {
      expect(text).not.toMatch(/line\nbreak|tab\there/);
      expect(text).toMatch(/line\\+nbreak/);
    }
  });

  it('print as they are otherwise', () => {
    expect(dumpNfa(compile(step(begin('paid order').followedBy('b'), 'b').toModel()))).toContain('0 paid order (start)');
  });
});
