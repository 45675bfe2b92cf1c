// npm run eval [-- file.tsv …] [--min 0.9] [--misses-of-held-out]
// Scores the ask CLI's JSON contract on question sets (TSV: expected id, kind, question;
// NONE = the bot must abstain or redirect; `a|b` = either is right). Without files: the project's
// own set, the real-message corpus in eval/real/ (its tuning and held-out parts side by side), and
// ../shared/eval/dev.tsv when it exists. The held-out part's misses are not printed unless asked:
// nothing may be tuned on them.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../config/config.js';
import type { AskJson } from './ask.js';

export interface EvalCase {
  expected: string;
  kind: string;
  question: string;
  /** The page the message came from, when the set says. */
  source?: string;
}

export interface EvalOutcome extends EvalCase {
  got: AskJson;
  correct: boolean;
  reachedInTwo: boolean;
}

/**
 * Reads a question set. With a header row (`expected`, `kind`, `question`, and any other
 * columns such as `source` or `covered`), columns are taken by name; without one, the
 * first three columns are expected id, kind and question.
 */
export function parseTsv(text: string): EvalCase[] {
  const rows = text.split(/\r?\n/).map((line) => line.split('\t'));
  const header = rows.find((cols) => cols[0]?.trim() === 'expected');
  const col = (name: string, fallback: number) => {
    const at = header ? header.map((h) => h.trim()).indexOf(name) : -1;
    return at >= 0 ? at : fallback;
  };
  const [e, k, q, s] = [col('expected', 0), col('kind', 1), col('question', 2), col('source', -1)];
  return rows
    .filter((cols) => cols.length >= 3 && cols !== header && !cols[0].startsWith('#'))
    .map((cols) => ({
      expected: cols[e].trim(),
      kind: cols[k].trim(),
      question: (header ? cols[q] : cols.slice(q).join('\t')).trim(),
      ...(header && s >= 0 && cols[s]?.trim() ? { source: cols[s].trim() } : {}),
    }))
    .filter((c) => c.question.length > 0);
}

/** The labels a case accepts: `a|b` lists answers that are equally right. */
export const labelsOf = (expected: string): string[] => expected.split('|').map((l) => l.trim()).filter(Boolean);

/** Whether answering with `id` (null: abstaining) is right. A NONE question is right when the bot abstains or sends the citizen to another institution. */
export function isRight(expected: string, id: string | null): boolean {
  return labelsOf(expected).some((label) => (label === 'NONE' ? id === null || id.startsWith('redirect-') : id === label));
}

export const isCorrect = (expected: string, got: AskJson): boolean => isRight(expected, got.answered ? got.id : null);

/** Whether the options of a "did you mean" include a right entry, so that one tap reaches it. */
export const offersRight = (expected: string, options: readonly string[]): boolean => labelsOf(expected).some((label) => options.includes(label));

/** Right within two turns: answered right, or a "did you mean" that offers a right entry. */
export function isReachedInTwo(expected: string, got: AskJson): boolean {
  return isCorrect(expected, got) || (got.decision === 'clarify' && offersRight(expected, got.options));
}

/** Runs the real CLI, as the contract's users do. */
export async function runAsk(questions: string[]): Promise<AskJson[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/ask.ts'), '--json'], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stdin.end(questions.map((q) => q.replace(/\s+/g, ' ')).join('\n') + '\n');
  const code: number = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`ask --json exited with ${code}`);
  const lines = out.split('\n').filter(Boolean);
  if (lines.length !== questions.length) throw new Error(`ask --json printed ${lines.length} lines for ${questions.length} questions`);
  return lines.map((l) => JSON.parse(l) as AskJson);
}

export interface EvalSummary {
  byKind: Array<{ kind: string; total: number; correct: number }>;
  total: number;
  correct: number;
  accuracy: number;
  /** Answered with something other than what was expected (abstaining is not wrong, only unhelpful). */
  wrong: number;
  /** Answered right, or the right entry among the options of a "did you mean". */
  reachedInTwo: number;
  misses: EvalOutcome[];
}

/** A miss where the bot did answer: with another entry, or feedback for a question, or a question as feedback. */
export const isWrong = (o: EvalOutcome): boolean => !o.correct && o.got.answered;

export function summarise(outcomes: EvalOutcome[]): EvalSummary {
  const kinds = [...new Set(outcomes.map((o) => o.kind))].sort();
  const byKind = kinds.map((kind) => {
    const of = outcomes.filter((o) => o.kind === kind);
    return { kind, total: of.length, correct: of.filter((o) => o.correct).length };
  });
  const correct = outcomes.filter((o) => o.correct).length;
  return {
    byKind,
    total: outcomes.length,
    correct,
    accuracy: outcomes.length ? correct / outcomes.length : 0,
    wrong: outcomes.filter(isWrong).length,
    reachedInTwo: outcomes.filter((o) => o.reachedInTwo).length,
    misses: outcomes.filter((o) => !o.correct),
  };
}

export async function evaluate(cases: EvalCase[]): Promise<EvalSummary> {
  const answers = await runAsk(cases.map((c) => c.question));
  return summarise(cases.map((c, i) => ({ ...c, got: answers[i], correct: isCorrect(c.expected, answers[i]), reachedInTwo: isReachedInTwo(c.expected, answers[i]) })));
}

const ratio = (a: number, b: number) => (b ? (a / b).toFixed(3) : '-');

/** One table for one or more sets side by side: per kind n, correct and top-1, then the totals. */
export function formatTable(parts: Array<{ name: string; summary: EvalSummary }>): string {
  const kinds = [...new Set(parts.flatMap((p) => p.summary.byKind.map((k) => k.kind)))].sort();
  const cell = (a: number, n: number) => `${String(n).padStart(4)} ${String(a).padStart(5)}  ${ratio(a, n).padStart(5)}`;
  const width = 18;
  const lines = [`${'kind'.padEnd(14)}${parts.map((p) => p.name.padStart(width)).join('  ')}`, `${''.padEnd(14)}${parts.map(() => '   n  right  top-1'.padStart(width)).join('  ')}`];
  for (const kind of kinds) {
    lines.push(`${kind.padEnd(14)}${parts.map((p) => { const k = p.summary.byKind.find((b) => b.kind === kind); return (k ? cell(k.correct, k.total) : '').padStart(width); }).join('  ')}`);
  }
  const row = (label: string, of: (s: EvalSummary) => number) => `${label.padEnd(14)}${parts.map((p) => cell(of(p.summary), p.summary.total).padStart(width)).join('  ')}`;
  lines.push(row('overall', (s) => s.correct), row('in two turns', (s) => s.reachedInTwo), row('wrong answers', (s) => s.wrong));
  return lines.join('\n');
}

function formatMisses(s: EvalSummary): string {
  return s.misses
    .map((m) => {
      const got = m.got.answered ? m.got.id : `none${m.got.alternatives[0] ? ` [${m.got.alternatives.map((a) => a.id).join(', ')}]` : ''}`;
      return `  ${isWrong(m) ? 'WRONG ' : m.reachedInTwo ? 'two   ' : ''}${m.expected} ← ${m.got.decision} ${got} (${m.got.score}): ${m.question}`;
    })
    .join('\n');
}

/** The real-message corpus: the part every choice is tuned on, and the part held out from tuning. */
export const REAL_PARTS = { tuning: 'eval/real/tuning.tsv', 'held-out': 'eval/real/held-out.tsv' } as const;

const readSet = (file: string) => parseTsv(readFileSync(file, 'utf8'));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files: string[] = [];
  let min: number | undefined;
  const showHeldOut = args.includes('--misses-of-held-out');
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--min') min = Number(args[++i]);
    else if (!args[i].startsWith('--')) files.push(args[i]);
  }
  const groups: Array<Array<{ name: string; file: string; heldOut: boolean }>> = [];
  if (files.length > 0) groups.push(...files.map((file) => [{ name: relative(process.cwd(), file) || file, file, heldOut: false }]));
  else {
    groups.push([{ name: 'eval/questions.tsv', file: join(projectRoot, 'eval/questions.tsv'), heldOut: false }]);
    const real = Object.entries(REAL_PARTS).map(([name, file]) => ({ name, file: join(projectRoot, file), heldOut: name === 'held-out' }));
    if (real.every((p) => existsSync(p.file))) groups.push(real);
    const dev = join(projectRoot, '../shared/eval/dev.tsv');
    if (existsSync(dev)) groups.push([{ name: '../shared/eval/dev.tsv', file: dev, heldOut: false }]);
  }
  let failed = false;
  for (const group of groups) {
    const parts = await Promise.all(group.map(async (p) => ({ ...p, summary: await evaluate(readSet(p.file)) })));
    console.log(`\n== ${group.map((p) => p.name).join(' | ')}`);
    console.log(formatTable(parts));
    for (const p of parts) {
      if (p.summary.misses.length === 0) continue;
      if (p.heldOut && !showHeldOut) console.log(`${p.name}: ${p.summary.misses.length} misses, not shown (held out from tuning; --misses-of-held-out shows them)`);
      else console.log(`misses of ${p.name} (expected ← decision got (score): question):\n${formatMisses(p.summary)}`);
    }
    for (const p of parts) {
      if (min !== undefined && p.summary.accuracy < min) {
        console.log(`FAIL: ${p.name}: top-1 ${p.summary.accuracy.toFixed(3)} is below ${min}`);
        failed = true;
      }
    }
  }
  if (failed) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
