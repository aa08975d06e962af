// Summarises a V8 CPU profile (`node --cpu-prof`) as the functions with the most self time.
// Also a script: `node .build/benchmarks/cpu-profile-summary.js <file.cpuprofile> [top]`.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One function's share of the profile. */
export interface ProfileEntry {
  readonly functionName: string;
  /**
   * `src/nfa/step.ts:123`: the TypeScript source and the line declaring the function when it can
   * be found there, else the compiled file and line under .build/.
   */
  readonly location: string;
  readonly selfMs: number;
  readonly selfPercent: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** A profile's self time by function (largest first) and by source file. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly entries: ProfileEntry[];
  readonly files: { readonly file: string; readonly selfMs: number; readonly selfPercent: number }[];
}

/** Self time per function (summed over every call site) and per file, largest first. */
export function summarizeCpuProfile(text: string, top = 15): ProfileSummary {
  const profile = JSON.parse(text) as CpuProfile;
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; attribute it to the node sampled.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFunction = new Map<string, { functionName: string; url: string; line: number; micros: number }>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const frame = nodeById.get(id)!.callFrame;
    const functionName = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const key = `${functionName}@${frame.url}:${frame.lineNumber}`;
    const entry = byFunction.get(key) ?? { functionName, url: frame.url, line: frame.lineNumber + 1, micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
    const file = frame.url === '' ? functionName : sourceFile(frame.url);
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
    total += micros;
  }
  const entries = [...byFunction.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, top)
    .map((entry) => ({
      functionName: entry.functionName,
      location: entry.url === '' ? '' : sourceLocation(entry.url, entry.line, entry.functionName),
      selfMs: entry.micros / 1000,
      selfPercent: (100 * entry.micros) / total,
    }));
  const files = [...byFile.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([file, micros]) => ({ file, selfMs: micros / 1000, selfPercent: (100 * micros) / total }));
  return { totalMs: total / 1000, entries, files };
}

/** `file:///work/main/.build/src/nfa/step.js` → `src/nfa/step.ts`; `node:internal/…` stays. */
function sourceFile(url: string): string {
  const build = url.indexOf('/.build/');
  if (build !== -1) return url.slice(build + '/.build/'.length).replace(/\.js$/, '.ts');
  return url.replace(/^file:\/\/.*\/node_modules\//, 'node_modules/');
}

/** Maps a compiled location back to the TypeScript line that declares the function, if found. */
function sourceLocation(url: string, line: number, functionName: string): string {
  const build = url.indexOf('/.build/');
  if (build === -1) return `${sourceFile(url)}:${line}`;
  const relative = url.slice(build + '/.build/'.length);
  const tsPath = fileURLToPath(`${url.slice(0, build)}/${relative.replace(/\.js$/, '.ts')}`);
  if (functionName !== '(anonymous)' && existsSync(tsPath)) {
    const name = functionName.replace(/^get |^set /, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const declaration = new RegExp(`(function\\*?\\s+${name}\\b|^\\s*(?:(?:private|public|protected|static|readonly|async|get|set)\\s+)*\\*?${name}\\s*[(<]|\\b${name}\\s*=\\s*(?:async\\s*)?(?:\\([^)]*\\)|\\w+)\\s*(?::[^=]*)?=>)`);
    const lines = readFileSync(tsPath, 'utf8').split('\n');
    const at = lines.findIndex((text) => declaration.test(text));
    if (at !== -1) return `${relative.replace(/\.js$/, '.ts')}:${at + 1}`;
  }
  return `.build/${relative}:${line}`;
}

/** The summary as Markdown tables: functions, then files. */
export function profileTable(summary: ProfileSummary): string {
  return [
    ...functionTable(summary.entries),
    '',
    'By file:',
    '',
    '| self ms | self % | file |',
    '|---:|---:|---|',
    ...summary.files.slice(0, 8).map((f) => `| ${f.selfMs.toFixed(0)} | ${f.selfPercent.toFixed(1)} | \`${f.file}\` |`),
  ].join('\n');
}

function functionTable(entries: readonly ProfileEntry[]): string[] {
  return [
    '| self ms | self % | function | where |',
    '|---:|---:|---|---|',
    ...entries.map((e) => `| ${e.selfMs.toFixed(0)} | ${e.selfPercent.toFixed(1)} | \`${e.functionName}\` | ${e.location === '' ? '' : `\`${e.location}\``} |`),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (file === undefined) {
    console.error('usage: node .build/benchmarks/cpu-profile-summary.js <file.cpuprofile> [top]');
    process.exit(2);
  }
  const summary = summarizeCpuProfile(readFileSync(file, 'utf8'), Number(process.argv[3] ?? 20));
  console.log(`total ${summary.totalMs.toFixed(0)} ms sampled\n`);
  console.log(profileTable(summary));
}
