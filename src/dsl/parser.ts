// The grammar of .cep files as a chevrotain CstParser: pure grammar, no embedded actions. It
// builds a concrete syntax tree that cst-to-ast.ts turns into the AST. One instance is reused.
// grammar/cep.ebnf is the same grammar written for people; keep the two in step.
// Over 400 lines on purpose: chevrotain's rules are fields of one class, and the whole grammar
// reads best in one place, in the order of the EBNF.
import { CstParser, type CstNode, type IToken } from 'chevrotain';
import { syntaxErrorMessages } from './syntax-error-messages.js';
import * as T from './tokens.js';

/** The parser of .cep files. Use {@link cepParser}; constructing it analyses the grammar. */
export class CepParser extends CstParser {
  constructor() {
    super([...T.ALL_TOKENS], { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'onlyOffset', errorMessageProvider: syntaxErrorMessages });
    this.performSelfAnalysis();
  }

  /** A file: event declarations and patterns, in any order. */
  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE('declaration', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.patternDecl) }, { ALT: () => this.SUBRULE(this.eventDecl) }]);
  });

  /** `event Order { orderId: string, amount: number, ts: time }` */
  eventDecl = this.RULE('eventDecl', () => {
    this.CONSUME(T.Event);
    this.CONSUME(T.Name);
    this.SUBRULE(this.fieldList);
  });

  fieldList = this.RULE('fieldList', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.fieldDecl);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  fieldDecl = this.RULE('fieldDecl', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
  });

  /** `string`, `any`, `Customer`, `{ id: string }`, `[number]` */
  typeExpr = this.RULE('typeExpr', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Name) },
      { ALT: () => this.CONSUME(T.Any) },
      { ALT: () => this.SUBRULE(this.fieldList) },
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.typeExpr);
          this.CONSUME(T.RBracket);
        },
      },
    ]);
  });

  /** `pattern unpaid on Order { key by orderId … begin created … }` */
  patternDecl = this.RULE('patternDecl', () => {
    this.CONSUME(T.Pattern);
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.On);
      this.CONSUME2(T.Name);
    });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.clause));
    this.SUBRULE(this.sequence);
    this.CONSUME(T.RCurly);
  });

  clause = this.RULE('clause', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.keyClause) },
      { ALT: () => this.SUBRULE(this.timeClause) },
      { ALT: () => this.SUBRULE(this.withinClause) },
      { ALT: () => this.SUBRULE(this.skipClause) },
    ]);
  });

  keyClause = this.RULE('keyClause', () => {
    this.CONSUME(T.Key);
    this.CONSUME(T.By);
    this.SUBRULE(this.path);
  });

  timeClause = this.RULE('timeClause', () => {
    this.CONSUME(T.Time);
    this.CONSUME(T.By);
    this.SUBRULE(this.path);
  });

  withinClause = this.RULE('withinClause', () => {
    this.CONSUME(T.Within);
    this.CONSUME(T.DurationLiteral);
  });

  /** `after match no skip | skip to next | skip past last event | skip to first|last <step> [or fail]` */
  skipClause = this.RULE('skipClause', () => {
    this.CONSUME(T.After);
    this.CONSUME(T.Match);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.No);
          this.CONSUME(T.Skip);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Skip);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.Past);
                this.CONSUME(T.Last);
                this.CONSUME(T.Event);
              },
            },
            { ALT: () => this.SUBRULE(this.skipTo) },
          ]);
        },
      },
    ]);
  });

  skipTo = this.RULE('skipTo', () => {
    this.CONSUME(T.To);
    this.OR([
      { ALT: () => this.CONSUME(T.Next) },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.First) }, { ALT: () => this.CONSUME(T.Last) }]);
          this.CONSUME(T.Name);
          this.OPTION(() => {
            this.CONSUME(T.Or);
            this.CONSUME(T.Fail);
          });
        },
      },
    ]);
  });

  /** `begin <step> { <connection> <step> }`: a pattern's steps, or a group's. */
  sequence = this.RULE('sequence', () => {
    this.CONSUME(T.Begin);
    this.SUBRULE(this.stepBody);
    this.MANY(() => {
      this.SUBRULE(this.connection);
      this.SUBRULE2(this.stepBody);
    });
  });

  connection = this.RULE('connection', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Next) },
      {
        ALT: () => {
          this.CONSUME(T.Followed);
          this.CONSUME(T.By);
          this.OPTION(() => this.CONSUME(T.Any));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.OR2([
            { ALT: () => this.CONSUME2(T.Next) },
            {
              ALT: () => {
                this.CONSUME2(T.Followed);
                this.CONSUME2(T.By);
              },
            },
          ]);
        },
      },
    ]);
  });

  /**
   * A step (a name, or a group in parentheses), then in any order its quantifier and modifiers,
   * `where <condition>` and `until <condition>` (the analysis allows each condition once).
   */
  stepBody = this.RULE('stepBody', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Name) }, { ALT: () => this.SUBRULE(this.group) }]);
    this.MANY(() => {
      this.OR2([
        { ALT: () => this.SUBRULE(this.stepOption) },
        {
          ALT: () => {
            this.CONSUME(T.Where);
            this.SUBRULE(this.expression);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Until);
            this.SUBRULE2(this.expression);
          },
        },
      ]);
    });
  });

  group = this.RULE('group', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.sequence);
    this.CONSUME(T.RParen);
  });

  /**
   * `times 3`, `times 2..4`, `3 or more`, `one or more`, `zero or more`, `optional`, `greedy`, …,
   * and `within <duration>`: the step's own window, from the event taken before it.
   */
  stepOption = this.RULE('stepOption', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Times);
          this.CONSUME(T.NumberLiteral);
          this.OPTION(() => {
            this.CONSUME(T.Range);
            this.CONSUME2(T.NumberLiteral);
          });
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME3(T.NumberLiteral) }, { ALT: () => this.CONSUME(T.One) }, { ALT: () => this.CONSUME(T.Zero) }]);
          this.CONSUME(T.Or);
          this.CONSUME(T.More);
        },
      },
      { ALT: () => this.CONSUME(T.Optional) },
      { ALT: () => this.CONSUME(T.Greedy) },
      { ALT: () => this.CONSUME(T.Consecutive) },
      {
        ALT: () => {
          this.CONSUME(T.Allow);
          this.CONSUME(T.Combinations);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Within);
          this.CONSUME(T.DurationLiteral);
        },
      },
    ]);
  });

  // ---- conditions: or < and < not < predicates < + - < * / % < unary minus < primary ----------

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]);
  });

  /** A value, optionally compared or tested: `a < b`, `x in [...]`, `s contains "x"`, `y is null`. */
  predicate = this.RULE('predicate', () => {
    this.SUBRULE(this.additive);
    // `not` after a value is `not in` only when `in` follows: `x not next b` ends the condition
    // (chevrotain's lookahead does not see past the end of this rule, so the gate says it).
    this.OPTION({
      GATE: () => this.LA(1).tokenType !== T.Not || this.LA(2).tokenType === T.In,
      DEF: () =>
        this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.compareOp);
            this.SUBRULE2(this.additive);
          },
        },
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(T.Not));
            this.CONSUME(T.In);
            this.SUBRULE(this.list);
          },
        },
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Contains) },
              {
                ALT: () => {
                  this.CONSUME(T.Starts);
                  this.CONSUME(T.With);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Ends);
                  this.CONSUME2(T.With);
                },
              },
            ]);
            this.SUBRULE3(this.additive);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Matches);
            this.OR3([{ ALT: () => this.CONSUME(T.RegexLiteral) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Is);
            this.OPTION3(() => this.CONSUME2(T.Not));
            this.OR4([{ ALT: () => this.CONSUME(T.Null) }, { ALT: () => this.CONSUME(T.Missing) }]);
          },
        },
      ]),
    });
  });

  compareOp = this.RULE('compareOp', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.EqualEqual) },
      { ALT: () => this.CONSUME(T.NotEqual) },
      { ALT: () => this.CONSUME(T.LessEqual) },
      { ALT: () => this.CONSUME(T.GreaterEqual) },
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Greater) },
    ]);
  });

  list = this.RULE('list', () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.additive) });
    this.CONSUME(T.RBracket);
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }, { ALT: () => this.CONSUME(T.Percent) }]);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.DurationLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.path) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** `count(comments)`, `avg(prices.value)`, `timestamp()` */
  call = this.RULE('call', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  /** `amount`, `user.id`, `items[0].sku`, `created.amount`, `event.amount` */
  path = this.RULE('path', () => {
    this.CONSUME(T.Name);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.Name);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.CONSUME(T.NumberLiteral);
            this.CONSUME(T.RBracket);
          },
        },
      ]);
    });
  });
}

/** The one parser instance, reused for every file. */
export const cepParser = new CepParser();

/** Parses tokens into a CST; syntax errors stay on {@link cepParser}`.errors` until the next call. */
export function parseTokens(tokens: IToken[]): CstNode {
  cepParser.input = tokens;
  return cepParser.file();
}
