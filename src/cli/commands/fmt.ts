// `cepheus fmt`: print .cep files in canonical form, or rewrite them.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IToken } from 'chevrotain';
import { Command } from 'commander';
import { findPatternFiles } from '../../dsl/pattern-files.js';
import { analyzeFiles } from '../../dsl/analyze.js';
import { parseFile } from '../../dsl/parse-file.js';
import { formatEventType, formatPattern } from '../../dsl/format.js';
import { formatFileText, insideBraces } from '../../dsl/format-file.js';
import { lex, type Lexed } from '../../dsl/lex.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { printDiagnostics } from '../load.js';
import { counted } from '../../text/counted.js';
import { withoutByteOrderMark } from '../../dsl/source-text.js';

/** The `fmt` command. */
export function fmtCommand(io: Io): Command {
  return new Command('fmt')
    .description('print .cep files in canonical form (--write rewrites them, --check lists files that are not)')
    .argument('<patterns...>', '.cep files or directories of them')
    .option('-w, --write', 'rewrite the files in place')
    .option('-c, --check', 'only list files that are not formatted (exit 1 if any)')
    .addHelpText('after', '\nExamples:\n  cepheus fmt orders.cep\n  cepheus fmt --write patterns/\n  cepheus fmt --check patterns/')
    .action((paths: string[], options: { write?: boolean; check?: boolean }) => {
      if (options.write === true && options.check === true) {
        throw new CliError('--write and --check do not go together: --check only lists the files --write would rewrite', EXIT.usage);
      }
      const found = findPatternFiles(paths);
      if (found.diagnostics.length > 0) {
        printDiagnostics(io, found.diagnostics);
        io.setExitCode?.(EXIT.problems);
        return;
      }
      const sources = found.files.map((file) => {
        try {
          return { file, text: withoutByteOrderMark(readFileSync(file, 'utf8')) };
        } catch (error) {
          throw new CliError(`${file}: ${(error as Error).message}`);
        }
      });
      // The files are read together, as check and run read them: a pattern may use an event type
      // declared in another file.
      const parsed = sources.map(({ file, text }) => parseFile(text, file));
      const all = analyzeFiles(parsed);
      for (const { file, text, ast } of parsed) {
        const diagnostics = all.diagnostics.filter((diagnostic) => diagnostic.file === file);
        if (diagnostics.length > 0) {
          // Formatting text with errors could lose what the user wrote: report, do not rewrite.
          printDiagnostics(io, diagnostics);
          io.setExitCode?.(EXIT.problems);
          continue;
        }
        // This file's own declarations, each formatted, in the order they were written.
        const definitions = new Map(all.definitions.filter((definition) => definition.source.file === file).map((definition) => [definition.name, definition]));
        const declarations = ast.declarations.map((declaration) =>
          declaration.kind === 'event' ? formatEventType(all.schemas.get(declaration.name.text)!) : formatPattern(definitions.get(declaration.name.text)!),
        );
        const lexed = lex(text, file);
        const formatted = formatFileText(text, lexed, declarations);
        const lost = lostComments(lexed, formatted, file);
        if (lost.length > 0 && options.write === true) {
          io.err(`${file}: not rewritten: ${droppedComments(lost)}`);
          io.setExitCode?.(EXIT.problems);
          continue;
        }
        // Printed, the formatted text is a preview: it goes out, with what it leaves behind said.
        if (lost.length > 0 && options.check !== true) io.err(`${file}: warning: ${droppedComments(lost)} (fmt --write refuses to)`);
        if (options.check === true) {
          if (formatted !== text) {
            io.out(file);
            io.setExitCode?.(EXIT.problems);
          }
        } else if (options.write === true) {
          if (formatted !== text) {
            writeFileSync(`${file}.tmp`, formatted);
            renameSync(`${file}.tmp`, file);
            io.err(`formatted ${file}`);
          }
        } else {
          io.out(formatted.replace(/\n$/, ''));
        }
      }
    });
}

/** Says which comments formatting drops and where to put them (the canonical form keeps comments outside declarations only). */
function droppedComments(lost: readonly { line: number; text: string; inside: boolean }[]): string {
  const first = `(first: line ${lost[0]!.line}: ${lost[0]!.text})`;
  return lost.every((comment) => comment.inside)
    ? `formatting would drop ${counted(lost.length, 'comment')} inside declarations ${first}; move them above the declaration`
    : `formatting would drop ${counted(lost.length, 'comment')} inside a declaration or on a line with code ${first}; put each comment on a line of its own, outside the declarations`;
}

/** Comments of the lexed text that do not appear in `formatted`, with their lines and whether they are inside a declaration. */
function lostComments(lexed: Lexed, formatted: string, file: string): { line: number; text: string; inside: boolean }[] {
  const kept = new Map<string, number>();
  for (const comment of lex(formatted, file).comments) kept.set(commentText(comment), (kept.get(commentText(comment)) ?? 0) + 1);
  const lost: { line: number; text: string; inside: boolean }[] = [];
  for (const comment of lexed.comments) {
    const image = commentText(comment);
    const left = kept.get(image) ?? 0;
    if (left > 0) kept.set(image, left - 1);
    else lost.push({ line: comment.startLine ?? 0, text: comment.image.trim(), inside: insideBraces(lexed.tokens, comment.startOffset) });
  }
  return lost;
}

/** What a comment says: the formatter writes a doc comment `//x` as `// x`, which keeps it. */
function commentText(comment: IToken): string {
  return comment.image.replace(/^\/\/\s*/, '').trim();
}
