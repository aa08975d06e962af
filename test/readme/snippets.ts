// Reading the fenced code blocks of a Markdown file, and deciding how each shell command of them
// can be checked, so that test/readme.test.ts can run the documentation's snippets.

/** A fenced code block. */
export interface Snippet {
  /** The info string's first word: `sh`, `ts`, `cep`, … (`''` for a bare fence). */
  readonly lang: string;
  readonly code: string;
  /** The 1-based line of the opening fence. */
  readonly line: number;
  /** The reason given by a `<!-- not-run: reason -->` line right above the fence, or null. */
  readonly notRun: string | null;
}

const NOT_RUN = /^<!--\s*not-run:\s*(.*?)\s*-->$/;

/**
 * The fenced blocks of `markdown` in order. A block is skipped by the tests when the last
 * non-blank line before its fence is `<!-- not-run: reason -->`.
 */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (open === null) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const closing = new RegExp(`^${fence[0] === '`' ? '`' : '~'}{${fence.length},}$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      if (closing.test(line.trim())) break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const marker = k >= 0 ? NOT_RUN.exec(lines[k]!.trim()) : null;
    snippets.push({ lang: info.toLowerCase(), code: body.join('\n'), line: i + 1, notRun: marker === null ? null : marker[1]! });
    i = j;
  }
  return snippets;
}

/** One command of a shell block, with the README line it is on. */
export interface ShellCommand {
  readonly text: string;
  readonly line: number;
}

/** The commands of a shell block: comments removed, `\` continuations joined, `&&` chains split. */
export function shellCommands(snippet: Snippet): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const lines = snippet.code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = snippet.line + 1 + i;
    let text = stripComment(lines[i]!);
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${stripComment(lines[++i]!)}`;
    for (const part of text.split('&&')) if (part.trim() !== '') commands.push({ text: part.trim(), line });
  }
  return commands;
}

function stripComment(line: string): string {
  if (line.trimStart().startsWith('#')) return '';
  return line.replace(/\s+#.*$/, '').trimEnd();
}

/** How a shell command of the documentation is checked. */
export type CommandCheck =
  /** `npm ci` / `npm install`: the lock file is there (installing is the test runner's job). */
  | { readonly kind: 'npm-install' }
  /** `npm test` / `npm run <script>`: the script exists; `demo` is also run, command by command. */
  | { readonly kind: 'npm-script'; readonly script: string }
  /** A command line using `cepheus`: run in a sandbox, must exit 0. */
  | { readonly kind: 'cepheus' }
  /** Nothing known: the test fails and asks for a `<!-- not-run: … -->` marker. */
  | { readonly kind: 'unknown' };

/** Decides how `command` is checked. */
export function classifyCommand(command: string): CommandCheck {
  const words = command.split(/\s+/);
  if (words[0] === 'npm') {
    if (words[1] === 'ci' || words[1] === 'install' || words[1] === 'i') return { kind: 'npm-install' };
    if (words[1] === 'test' || words[1] === 't') return { kind: 'npm-script', script: 'test' };
    if (words[1] === 'run' && words[2] !== undefined) return { kind: 'npm-script', script: words[2] };
    return { kind: 'unknown' };
  }
  // `cepheus …`, `cat x | cepheus …`, `cepheus … > out`.
  if (command.split('|').some((stage) => stage.trim().split(/\s+/)[0] === 'cepheus')) return { kind: 'cepheus' };
  return { kind: 'unknown' };
}

/** Lines of a block that shows what a command prints (outputs and the summary). */
const OUTPUT_LINE = /^(match|timeout|late|error|capped)\s|^cepheus: \d+ events,/;

/**
 * Whether a block shows outputs of `cepheus run`: a `jsonl` block, or a bare or `text` block whose
 * every line is an output (`match …`), a summary or `...`.
 */
export function isSampleOutput(snippet: Snippet): boolean {
  if (snippet.lang === 'jsonl') return true;
  if (snippet.lang !== '' && snippet.lang !== 'text') return false;
  const lines = snippet.code.split('\n').filter((line) => line.trim() !== '');
  return lines.some((line) => OUTPUT_LINE.test(line)) && lines.every((line) => OUTPUT_LINE.test(line) || line.trim() === '...');
}

/**
 * A pattern for one line of sample output: `...` stands for anything, and in a summary line
 * everything from ` in ` on (duration, speed, memory) may differ.
 */
export function sampleLinePattern(line: string): RegExp {
  const summary = /^cepheus: \d+ events,/.test(line);
  const compared = summary ? line.replace(/ in .*$/, '') : line;
  const source = compared
    .split('...')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${summary ? ' in .*' : ''}$`);
}

/**
 * The `cepheus explain` command a block shows the output of, or null: a `mermaid` block starting
 * `%% <pattern>`, or a bare or `text` block starting `pattern <name> (` (the text format). The
 * pattern is looked up among examples/.
 */
export function explainCommandFor(snippet: Snippet): string[] | null {
  const first = snippet.code.split('\n')[0] ?? '';
  if (snippet.lang === 'mermaid') {
    const name = /^%% (\S+)$/.exec(first)?.[1];
    return name === undefined ? null : ['explain', 'examples/', '--pattern', name, '--format', 'mermaid'];
  }
  if (snippet.lang !== '' && snippet.lang !== 'text') return null;
  const name = /^pattern (\S+) \((key by |one key)/.exec(first)?.[1];
  return name === undefined ? null : ['explain', 'examples/', '--pattern', name];
}
