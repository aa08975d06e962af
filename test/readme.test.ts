// Every snippet of the README (and of docs/cli.md and examples/README.md) is executed, so the
// documentation cannot rot:
// - ```ts blocks are type-checked as written (importing 'cepheus' resolves to this package's
//   dist/, as for a user) and then run with node;
// - ```cep blocks load without diagnostics;
// - ```sh blocks: `cepheus …` lines run in a sandbox and must exit 0; `npm ci` needs the lock file;
//   `npm test` / `npm run x` need the script, and `npm run demo` runs the demo's commands (its
//   `tsc` build is the global setup's); any other command fails the test until the block is
//   marked `<!-- not-run: reason -->` on the line above its fence (such blocks are skipped);
// - ```jsonl blocks, and bare or ```text blocks made of `cepheus run` outputs (`match …`,
//   `timeout …`, a summary, `...`), must be printed, in that order, by the commands run before them
//   in the same document; `...` stands for anything and a summary is compared up to its timing;
// - ```mermaid blocks starting `%% <pattern>` and text blocks starting `pattern <name> (` must be
//   exactly what `cepheus explain` prints for that pattern of examples/.
//
// The sandbox where shell commands and ts snippets run is a temporary directory that looks like a
// user's project: `examples/` (a copy of this repository's), `patterns/unpaid-orders.cep`,
// `orders.cep`, `events.jsonl` (the orders example's data), `checkpoints/` (checkpoints of a
// `cepheus run` of orders.cep over events.jsonl, the newest one taken mid-way; not for ts blocks,
// whose jobs keep their own) and `cepheus` on the PATH. Each block gets a fresh sandbox; the
// commands of one block share it, in order.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePatterns, renderDiagnostics } from '../src/index.js';
import { cliBin, removeTempDirs, repoFile, repoRoot, spawnCli, tempDir } from './cli/support.js';
import { classifyCommand, explainCommandFor, extractSnippets, isSampleOutput, sampleLinePattern, shellCommands, type Snippet } from './readme/snippets.js';

const DOCUMENTS = ['README.md', 'docs/cli.md', 'examples/README.md'];

const scripts = (JSON.parse(repoFile('package.json')) as { scripts: Record<string, string> }).scripts;
const generated = join(repoRoot, 'test', 'readme', `.generated-${process.pid}`);
let checkpointTemplate: string;

/** A fresh sandbox directory (see the header); ts blocks get none of the CLI's checkpoints. */
function sandbox(options: { checkpoints: boolean } = { checkpoints: true }): string {
  const dir = tempDir('cepheus-readme-');
  cpSync(join(repoRoot, 'examples'), join(dir, 'examples'), { recursive: true });
  mkdirSync(join(dir, 'patterns'));
  copyFileSync(join(repoRoot, 'examples/unpaid-orders.cep'), join(dir, 'patterns/unpaid-orders.cep'));
  copyFileSync(join(repoRoot, 'examples/unpaid-orders.cep'), join(dir, 'orders.cep'));
  copyFileSync(join(repoRoot, 'examples/data/orders.jsonl'), join(dir, 'events.jsonl'));
  if (options.checkpoints) cpSync(checkpointTemplate, join(dir, 'checkpoints'), { recursive: true });
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'cepheus'), `#!/bin/sh\nexec '${process.execPath}' '${cliBin}' "$@"\n`);
  chmodSync(join(dir, 'bin', 'cepheus'), 0o755);
  return dir;
}

/** Runs a shell command line in `cwd` with the sandbox's `cepheus` first on the PATH. */
function shell(command: string, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', ['-c', command], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(cwd, 'bin')}:${process.env['PATH'] ?? ''}` },
    maxBuffer: 1 << 28,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

beforeAll(() => {
  // Checkpoints of orders.cep over events.jsonl; the final (flushed) one removed, so the newest
  // holds partial matches.
  const dir = tempDir('cepheus-readme-checkpoints-');
  checkpointTemplate = join(dir, 'checkpoints');
  const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', 'examples/data/orders.jsonl', '-o', join(dir, 'out.jsonl'), '--checkpoint-dir', checkpointTemplate, '--checkpoint-every', '4', '--no-summary']);
  expect(result.code).toBe(0);
  const files = readdirSync(checkpointTemplate).sort();
  rmSync(join(checkpointTemplate, files.at(-1)!));
  mkdirSync(generated, { recursive: true });
});

afterAll(() => {
  rmSync(generated, { recursive: true, force: true });
  removeTempDirs();
});

/** Type-checks the ts snippets of a document together; diagnostics by snippet line. */
function typeCheck(document: string, snippets: readonly Snippet[]): Map<number, string[]> {
  const files = snippets.map((snippet) => {
    const file = join(generated, `${document.replace(/\W/g, '_')}-line-${snippet.line}.ts`);
    writeFileSync(file, `${snippet.code}\nexport {};\n`);
    return { file, snippet };
  });
  const config = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(
    files.map((entry) => entry.file),
    { ...config!.options, noEmit: true },
  );
  const byLine = new Map<number, string[]>();
  for (const { file, snippet } of files) {
    const source = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    byLine.set(
      snippet.line,
      diagnostics.map((diagnostic) => {
        const at = diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
        return `${document}:${snippet.line + 1 + at}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      }),
    );
  }
  return byLine;
}

for (const document of DOCUMENTS) {
  describe(document, () => {
    const snippets = extractSnippets(repoFile(document));
    /** Lines printed by the commands run so far in this document, in order. */
    const transcript: string[] = [];
    let diagnostics: Map<number, string[]>;

    beforeAll(() => {
      diagnostics = typeCheck(
        document,
        snippets.filter((snippet) => snippet.lang === 'ts' && snippet.notRun === null),
      );
    });

    it('has code blocks', () => {
      expect(snippets.length).toBeGreaterThan(0);
    });

    for (const snippet of snippets) {
      const where = `${document}:${snippet.line}`;
      if (snippet.notRun !== null) {
        it.skip(`${snippet.lang} block at ${where} (not run: ${snippet.notRun})`, () => {});
        continue;
      }
      switch (snippet.lang) {
        case 'ts':
        case 'typescript':
          it(`ts block at ${where} type-checks and runs`, () => {
            expect(diagnostics.get(snippet.line), `type errors in the block at ${where}`).toEqual([]);
            const js = ts.transpileModule(snippet.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
            const file = join(generated, `${document.replace(/\W/g, '_')}-line-${snippet.line}.mjs`);
            writeFileSync(file, js);
            const result = spawnSync(process.execPath, [file], { cwd: sandbox({ checkpoints: false }), encoding: 'utf8', timeout: 60_000 });
            expect({ status: result.status, stderr: result.stderr }, `running the block at ${where}`).toEqual({ status: 0, stderr: '' });
            transcript.push(...lines(result.stdout));
          });
          break;
        case 'cep':
          it(`cep block at ${where} loads without diagnostics`, () => {
            const result = parsePatterns(snippet.code, { file: where });
            expect(renderDiagnostics(result.diagnostics, new Map([[where, snippet.code]]))).toBe('');
            expect(result.definitions.length).toBeGreaterThan(0);
          });
          break;
        case 'sh':
        case 'bash':
        case 'shell': {
          let dir: string | undefined;
          for (const command of shellCommands(snippet)) {
            const check = classifyCommand(command.text);
            it(`${document}:${command.line}: ${command.text}`, () => {
              switch (check.kind) {
                case 'npm-install':
                  expect(readdirSync(repoRoot)).toContain('package-lock.json');
                  break;
                case 'npm-script': {
                  expect(Object.keys(scripts), `package.json has no script '${check.script}'`).toContain(check.script);
                  if (check.script !== 'demo') break;
                  // The demo's own commands, as npm would run them; its build (tsc) is the global setup's.
                  for (const step of scripts['demo']!.split('&&').map((part) => part.trim())) {
                    if (step.startsWith('tsc ')) continue;
                    const result = shell(step, repoRoot);
                    expect({ status: result.status, step }).toEqual({ status: 0, step });
                    expect(result.stdout).toMatch(/^match /m);
                    transcript.push(...lines(result.stdout), ...lines(result.stderr));
                  }
                  expect(transcript.some((line) => line.startsWith('timeout '))).toBe(true);
                  break;
                }
                case 'cepheus': {
                  dir ??= sandbox();
                  const result = shell(command.text, dir);
                  expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({ status: 0, stderr: '' });
                  transcript.push(...lines(result.stdout), ...lines(result.stderr));
                  break;
                }
                case 'unknown':
                  expect.fail(`${document}:${command.line}: not known how to run \`${command.text}\` safely; mark its block with <!-- not-run: reason --> or make it a cepheus/npm command`);
              }
            });
          }
          break;
        }
        default: {
          const explain = explainCommandFor(snippet);
          if (explain !== null) {
            it(`${snippet.lang || 'text'} block at ${where} is what \`cepheus ${explain.join(' ')}\` prints`, () => {
              const result = spawnCli(explain);
              expect(result.code).toBe(0);
              expect(`${snippet.code}\n`).toBe(result.stdout);
            });
          } else if (isSampleOutput(snippet)) {
            it(`sample output at ${where} is what the commands before it print`, () => {
              let from = 0;
              for (const line of snippet.code.split('\n').filter((text) => text.trim() !== '' && text.trim() !== '...')) {
                const pattern = sampleLinePattern(line);
                const index = transcript.findIndex((printed, at) => at >= from && pattern.test(printed));
                expect(index, `${where}: no such line printed (after the previous one):\n${line}\nprinted:\n${transcript.join('\n')}`).toBeGreaterThanOrEqual(0);
                from = index + 1;
              }
            });
          }
        }
      }
    }
  });
}
