// Quality floors, not timings: the project's question set, and the held-out sets in ../shared/eval/
// when present (dev.tsv: questions; real-dev.tsv: real messages people wrote to municipalities and
// forums). Each floor sits just under the level measured when it was set; raise it when quality rises.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, parseTsv, REAL_PARTS } from '../../src/cli/eval.js';
import { root } from '../support/paths.js';

interface Floor {
  file: string;
  overall: number;
  /** Share of the out-of-scope questions (kinds oos…) abstained or redirected. */
  outOfScope: number;
  /** Floors for single kinds (fb: problem reports and other feedback). */
  kinds?: Record<string, number>;
  /** The largest share of wrong answers (another entry answered). */
  wrong?: number;
  /** The share reached in two turns: answered right, or the right entry among the options offered. */
  inTwo?: number;
}

const sets: Floor[] = [
  { file: join(root, 'eval/questions.tsv'), overall: 0.96, outOfScope: 0.95 },
  { file: join(root, '../shared/eval/dev.tsv'), overall: 0.95, outOfScope: 1 },
  // Issue 10's bar: overall ≥ 0.80, problem reports ≥ 0.85, at most 5 % answered with another entry.
  { file: join(root, '../shared/eval/real-dev.tsv'), overall: 0.8, outOfScope: 0.7, kinds: { fb: 0.9 }, wrong: 0.05 },
  // The real-message corpus (eval/real/), its two parts; measured 2026-12-07 (third session): tuning 0.844
  // (fb 0.924, in two turns 0.936, wrong 0.029), held-out 0.859 (fb 0.895, in two turns 0.956, wrong 0.015).
  // Issue 19's bar for the held-out part: 0.85, problem reports 0.85, in two turns 0.92, wrong ≤ 0.04.
  { file: join(root, REAL_PARTS.tuning), overall: 0.83, outOfScope: 0.7, kinds: { fb: 0.91 }, wrong: 0.04, inTwo: 0.92 },
  { file: join(root, REAL_PARTS['held-out']), overall: 0.85, outOfScope: 0.6, kinds: { fb: 0.85 }, wrong: 0.04, inTwo: 0.92 },
];

describe('answer quality', () => {
  it.each(sets.filter((s) => existsSync(s.file)))('$file: top-1 ≥ $overall, out-of-scope abstained or redirected ≥ $outOfScope', async ({ file, overall, outOfScope, kinds, wrong, inTwo }) => {
    const summary = await evaluate(parseTsv(readFileSync(file, 'utf8')));
    expect(summary.accuracy).toBeGreaterThanOrEqual(overall);
    const none = summary.byKind.filter((k) => k.kind.startsWith('oos'));
    const total = none.reduce((n, k) => n + k.total, 0);
    const right = none.reduce((n, k) => n + k.correct, 0);
    expect(total ? right / total : 1).toBeGreaterThanOrEqual(outOfScope);
    for (const [kind, floor] of Object.entries(kinds ?? {})) {
      const k = summary.byKind.find((b) => b.kind === kind)!;
      expect(k.correct / k.total).toBeGreaterThanOrEqual(floor);
    }
    if (wrong !== undefined) expect(summary.wrong / summary.total).toBeLessThanOrEqual(wrong);
    if (inTwo !== undefined) expect(summary.reachedInTwo / summary.total).toBeGreaterThanOrEqual(inTwo);
  }, 120_000);
});
