// Quality floors, not timings: the project's question set, and ../shared/eval/dev.tsv when present.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, parseTsv } from '../../src/cli/eval.js';
import { root } from '../support/paths.js';

const sets: Array<[string, number]> = [
  [join(root, 'eval/questions.tsv'), 0.97],
  [join(root, '../shared/eval/dev.tsv'), 0.95],
];

describe('answer quality', () => {
  it.each(sets.filter(([file]) => existsSync(file)))('%s: top-1 at least %s and every out-of-scope question abstained or redirected', async (file, floor) => {
    const summary = await evaluate(parseTsv(readFileSync(file, 'utf8')));
    expect(summary.accuracy).toBeGreaterThanOrEqual(floor);
    const outOfScopeMisses = summary.misses.filter((m) => m.expected === 'NONE').map((m) => m.question);
    expect(outOfScopeMisses).toEqual([]);
  }, 120_000);
});
