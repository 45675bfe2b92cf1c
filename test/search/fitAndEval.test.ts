// Scoring and fitting: labels with equally right answers, "reached in two turns", and the
// cross-validated choice of the numbers the bot decides with.
import { describe, expect, it } from '@jest/globals';
import type { AskJson } from '../../src/cli/ask.js';
import { isCorrect, isReachedInTwo, parseTsv } from '../../src/cli/eval.js';
import { best, crossValidate, GRID, gridOf, siteOf } from '../../src/cli/fit.js';

const got = (over: Partial<AskJson>): AskJson => ({ question: 'q', lang: 'bg', answered: false, id: null, title: null, score: 0, alternatives: [], decision: 'abstain', options: [], category: null, ...over });

describe('scoring one answer', () => {
  it('accepts any label of a|b, and NONE as abstaining or a redirect', () => {
    expect(isCorrect('tourism-categorization|guest-rooms-registration', got({ answered: true, id: 'guest-rooms-registration', decision: 'answer' }))).toBe(true);
    expect(isCorrect('NONE|death-registration', got({ answered: true, id: 'death-registration', decision: 'answer' }))).toBe(true);
    expect(isCorrect('NONE|death-registration', got({}))).toBe(true);
    expect(isCorrect('NONE', got({ answered: true, id: 'redirect-nap', decision: 'answer' }))).toBe(true);
    expect(isCorrect('heirs-certificate', got({ answered: true, id: 'kinship-certificate', decision: 'answer' }))).toBe(false);
  });

  it('counts a "did you mean" that offers the right entry as reached in two turns', () => {
    expect(isReachedInTwo('heirs-certificate', got({ decision: 'clarify', options: ['kinship-certificate', 'heirs-certificate'] }))).toBe(true);
    expect(isReachedInTwo('heirs-certificate', got({ decision: 'clarify', options: ['kinship-certificate'] }))).toBe(false);
    expect(isCorrect('heirs-certificate', got({ decision: 'clarify', options: ['heirs-certificate'] }))).toBe(false);
  });

  it('reads the source column when the set has one', () => {
    const [c] = parseTsv('expected\tkind\tquestion\tsource\tcovered\nfeedback\tfb\tДупка\thttps://www.example.bg/a\tyes\n');
    expect(c).toEqual({ expected: 'feedback', kind: 'fb', question: 'Дупка', source: 'https://www.example.bg/a' });
    expect(siteOf(c.source)).toBe('example.bg');
    expect(siteOf('https://img.bnr.bg/news/1')).toBe('bnr.bg');
    expect(siteOf('http://parliament140.bnr.bg./a')).toBe('bnr.bg');
    expect(siteOf('https://rodopi24.blogspot.com.tr/2020/01/a.html')).toBe('rodopi24.blogspot');
    expect(siteOf('https://www.mkrtv.com.mk/a')).toBe('mkrtv.com.mk');
  });
});

describe('fitting the numbers', () => {
  it('tries every combination of the grid', () => {
    const size = Object.values(GRID).reduce((n, values) => n * values.length, 1);
    const combos = gridOf(GRID);
    expect(combos).toHaveLength(size);
    expect(new Set(combos.map((c) => JSON.stringify(c))).size).toBe(size);
    expect(combos[0]).toEqual({
      thresholds: expect.objectContaining({ suggest: GRID.suggest[0] }),
      narrativeCues: GRID.narrativeCues[0],
      longQuestionWords: GRID.longQuestionWords[0],
      statementWords: GRID.statementWords[0],
      statementCues: GRID.statementCues[0],
      reportOptionCues: GRID.reportOptionCues[0],
    });
  });

  // Two combinations, four cases in two folds: the first is better on fold 0, the second on fold 1.
  const scores = [Float32Array.from([1, 1, 0, 0]), Float32Array.from([0, 0, 1, 1])];
  const folds = [0, 0, 1, 1];

  it('chooses the best total among the allowed combinations, the first of equals', () => {
    expect(best(scores, () => true)).toBe(0);
    expect(best(scores, (i) => folds[i] === 1)).toBe(1);
    expect(best(scores, () => true, (c) => c !== 0)).toBe(1);
    expect(best(scores, () => true, () => true, (c) => (c === 0 ? 1 : 0))).toBe(1);
    expect(() => best(scores, () => true, () => false)).toThrow(/no combination/);
  });

  it('decides each fold with the choice made on the other folds, so fitting to a fold does not flatter it', () => {
    expect(crossValidate(scores, folds)).toEqual([0, 0, 0, 0]);
    expect(crossValidate([Float32Array.from([1, 1, 1, 0])], folds)).toEqual([1, 1, 1, 0]);
  });
});
