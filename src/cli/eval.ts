// npm run eval [-- file.tsv …] [--min 0.9]
// Scores the ask CLI's JSON contract on question sets (TSV: expected id, kind, question;
// NONE = the bot must abstain or redirect). Without files: the project's own set, plus
// ../shared/eval/dev.tsv when it exists (a held-out set that is never copied into the repo).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../config/config.js';
import type { AskJson } from './ask.js';

export interface EvalCase {
  expected: string;
  kind: string;
  question: string;
}

export interface EvalOutcome extends EvalCase {
  got: AskJson;
  correct: boolean;
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
  const [e, k, q] = [col('expected', 0), col('kind', 1), col('question', 2)];
  return rows
    .filter((cols) => cols.length >= 3 && cols !== header && !cols[0].startsWith('#'))
    .map((cols) => ({ expected: cols[e].trim(), kind: cols[k].trim(), question: (header ? cols[q] : cols.slice(q).join('\t')).trim() }))
    .filter((c) => c.question.length > 0);
}

/** A NONE question is right when the bot abstains or sends the citizen to another institution. */
export function isCorrect(expected: string, got: AskJson): boolean {
  if (expected === 'NONE') return !got.answered || (got.id?.startsWith('redirect-') ?? false);
  return got.answered && got.id === expected;
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
  return { byKind, total: outcomes.length, correct, accuracy: outcomes.length ? correct / outcomes.length : 0, wrong: outcomes.filter(isWrong).length, misses: outcomes.filter((o) => !o.correct) };
}

export async function evaluate(cases: EvalCase[]): Promise<EvalSummary> {
  const answers = await runAsk(cases.map((c) => c.question));
  return summarise(cases.map((c, i) => ({ ...c, got: answers[i], correct: isCorrect(c.expected, answers[i]) })));
}

function printSummary(name: string, s: EvalSummary): void {
  const pct = (a: number, b: number) => (b ? (a / b).toFixed(3) : '-');
  console.log(`\n== ${name}`);
  console.log('kind       n   correct  top-1');
  for (const k of s.byKind) console.log(`${k.kind.padEnd(9)} ${String(k.total).padStart(3)}   ${String(k.correct).padStart(5)}   ${pct(k.correct, k.total)}`);
  console.log(`${'overall'.padEnd(9)} ${String(s.total).padStart(3)}   ${String(s.correct).padStart(5)}   ${pct(s.correct, s.total)}`);
  console.log(`wrong answers (another entry answered): ${s.wrong} of ${s.total} (${pct(s.wrong, s.total)})`);
  if (s.misses.length > 0) {
    console.log('misses (expected ← got: question):');
    for (const m of s.misses) {
      const got = m.got.answered ? m.got.id : `none${m.got.alternatives[0] ? ` [${m.got.alternatives.map((a) => a.id).join(', ')}]` : ''}`;
      console.log(`  ${isWrong(m) ? 'WRONG ' : ''}${m.expected} ← ${got} (${m.got.score}): ${m.question}`);
    }
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files: string[] = [];
  let min: number | undefined;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--min') min = Number(args[++i]);
    else files.push(args[i]);
  }
  const sets = files.length > 0 ? files : [join(projectRoot, 'eval/questions.tsv'), join(projectRoot, '../shared/eval/dev.tsv')].filter(existsSync);
  let failed = false;
  for (const file of sets) {
    const summary = await evaluate(parseTsv(readFileSync(file, 'utf8')));
    printSummary(relative(process.cwd(), file) || file, summary);
    if (min !== undefined && summary.accuracy < min) {
      console.log(`FAIL: top-1 ${summary.accuracy.toFixed(3)} is below ${min}`);
      failed = true;
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
