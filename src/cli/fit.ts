// npm run fit [-- --dry-run]
// Fits the numbers the bot decides with (lexicon/decisions.yaml) on the tuning part of the real-message
// corpus (eval/real/tuning.tsv), never on the held-out part, among the combinations that keep the
// project's own question set right (OWN_SET_FLOOR). Every message is read once; each
// combination of the grid then decides every message, and the combination with the best score wins:
// +1 for a right answer, +REACHED_IN_TWO for a "did you mean" that offers it, −WRONG_OFFER_COST for
// one that offers only wrong entries, −WRONG_COST for a confident wrong answer, 0 for abstaining. How well that choice
// holds on messages it was not fitted on is estimated by cross-validation with the sites as folds:
// each fold is decided with the combination that was best on the other folds. Run it after the
// knowledge grows; it rewrites lexicon/decisions.yaml in KNOWLEDGE_DIR.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Assistant } from '../answer/assistant.js';
import { createI18n } from '../common/i18n.js';
import { decide, optionsOf, type Decisions, type Thresholds } from '../answer/understand.js';
import { projectRoot } from '../config/config.js';
import type { DecisionsFile } from '../knowledge/lexiconSchema.js';
import { answeredId } from './ask.js';
import { readConfigOrExit } from './cliConfig.js';
import { isRight, offersRight, parseTsv, REAL_PARTS, type EvalCase } from './eval.js';

/** A confident wrong answer harms a citizen more than an honest "I don't know" helps nobody. */
export const WRONG_COST = 1.5;

/** A "did you mean" that offers the right entry is worth half a right answer: it costs the citizen a tap. */
export const REACHED_IN_TWO = 0.5;

/** Offering to register a question as a problem as well is one more button to read past. */
export const EXTRA_OPTION_COST = 0.05;

/** One that offers only wrong entries costs the citizen a reading and a "no" before the honest "I don't know". */
export const WRONG_OFFER_COST = 0.25;


const FOLDS = 5;

/**
 * The project's own question set (eval/questions.tsv) states what the bot must do ("building permit"
 * is answered, "Дай ми рецепта за баница" is not): a combination that gets less of it right than this,
 * answers any of its out-of-scope questions, or answers any of it wrongly ("удостоверение за липса на
 * задължения" taken for a problem report), is not chosen however well it does on the tuning part.
 */
export const OWN_SET_FLOOR = 0.97;
const OWN_SET = 'eval/questions.tsv';

/**
 * The values tried for each number; the product of the lists is the grid. A list of one holds a value
 * that earlier, wider grids chose every time (tieRatio, keyPhraseCoverage, leadCoverage, leadRatio,
 * serviceOverReport, focusSuggest, narrativeCues), kept so that the grid stays small enough to run in a
 * few minutes on two cores; a longer list holds the value chosen before and its neighbours. When the
 * knowledge or the corpus grows much, widen a list and see whether its choice moves.
 */
export const GRID: { [K in keyof Thresholds]: number[] } & { narrativeCues: number[]; longQuestionWords: number[]; statementWords: number[]; statementCues: number[]; reportOptionCues: number[] } = {
  suggest: [0.34, 0.4],
  answerCoverage: [0.45, 0.5],
  tieRatio: [0.85],
  keyPhraseCoverage: [0.3],
  leadCoverage: [0.25],
  leadRatio: [0.5],
  serviceOverReport: [0.8],
  focusSuggest: [1.01],
  questionSuggest: [0.1, 0.2],
  redirectLead: [0.2, 0.3, 1.01],
  redirectFocus: [0.35, 0.5, 0.65, 1.01],
  redirectRival: [0.5, 0.6, 0.7],
  narrativeCues: [3],
  longQuestionWords: [4, 6],
  statementWords: [3, 4],
  statementCues: [0, 1],
  reportOptionCues: [1, 3],
};

/** The credit of words found only in examples is tried as an outer loop: it changes the search, so each value reads the messages anew. */
export const EXAMPLE_CREDITS = [0.4, 0.6, 1];

export function gridOf(grid: typeof GRID): Decisions[] {
  let combos: Array<Record<string, number>> = [{}];
  for (const [name, values] of Object.entries(grid)) combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return combos.map(({ narrativeCues, longQuestionWords, statementWords, statementCues, reportOptionCues, ...thresholds }) => ({
    thresholds: thresholds as unknown as Thresholds,
    narrativeCues,
    longQuestionWords,
    statementWords,
    statementCues,
    reportOptionCues,
  }));
}

/**
 * The combination with the best total over the cases of `use`, less its `cost`, among the allowed
 * ones; the first of equals. Throws when none is allowed.
 */
export function best(scores: ArrayLike<number>[], use: (i: number) => boolean, allowed: (c: number) => boolean = () => true, cost: (c: number) => number = () => 0): number {
  let at = -1;
  let top = -Infinity;
  scores.forEach((row, c) => {
    if (!allowed(c)) return;
    let total = -cost(c);
    for (let i = 0; i < row.length; i += 1) if (use(i)) total += row[i];
    if (total > top) {
      top = total;
      at = c;
    }
  });
  if (at < 0) throw new Error('no combination of the grid is allowed');
  return at;
}

/** The cross-validated score per case: each fold decided by the combination best on the others. */
export function crossValidate(scores: ArrayLike<number>[], folds: number[], allowed: (c: number) => boolean = () => true, cost: (c: number) => number = () => 0): number[] {
  const out = new Array<number>(folds.length).fill(0);
  for (const fold of new Set(folds)) {
    const chosen = best(scores, (i) => folds[i] !== fold, allowed, cost);
    folds.forEach((f, i) => f === fold && (out[i] = scores[chosen][i]));
  }
  return out;
}

/**
 * The site a case came from, as the split and the folds count sites: the registrable domain, so that
 * "img.bnr.bg" and "bnr.bg", or a blog's ".blogspot.com" and ".blogspot.com.tr" mirrors, are one site.
 */
export function siteOf(source: string | undefined): string {
  const host = (/^https?:\/\/([^/:]+)/.exec(source ?? '')?.[1] ?? 'unknown').toLowerCase().replace(/\.$/, '');
  const labels = host.split('.');
  const blog = labels.indexOf('blogspot');
  if (blog > 0) return labels.slice(blog - 1, blog + 1).join('.');
  const twoLabelSuffix = /^(com|co|org|net|gov|edu|ac)\.[a-z]{2}$/.test(labels.slice(-2).join('.'));
  return labels.slice(twoLabelSuffix ? -3 : -2).join('.');
}

const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);

function summary(scores: ArrayLike<number>): { right: number; wrong: number; inTwo: number } {
  const all = Array.from(scores);
  return { right: all.filter((s) => s === 1).length, wrong: all.filter((s) => s === -WRONG_COST).length, inTwo: all.filter((s) => s > 0).length };
}

/** A combination of the grid with the example credit it was decided under. */
interface Combination {
  exampleCredit: number;
  decisions: Decisions;
}

async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  const config = readConfigOrExit();
  const loaded = await Assistant.load(config);
  const i18n = createI18n(config.localesDir);
  const file = join(projectRoot, REAL_PARTS.tuning);
  const cases: Array<EvalCase & { site: string }> = parseTsv(readFileSync(file, 'utf8')).map((c) => ({ ...c, site: siteOf(c.source) }));
  const own = parseTsv(readFileSync(join(projectRoot, OWN_SET), 'utf8'));
  const grid = gridOf(GRID);
  const candidates: Combination[] = [];
  const scores: Float32Array[] = [];
  const meetsOwnSet: boolean[] = [];
  const offersOutOfScope: number[] = [];
  for (const exampleCredit of EXAMPLE_CREDITS) {
    const kb = loaded.kb;
    const assistant = new Assistant({ ...kb, lexicon: { ...kb.lexicon, decisions: { ...kb.lexicon.decisions, example_credit: exampleCredit } } }, i18n);
    const readings = cases.map((c) => assistant.read(c.question));
    const ownReadings = own.map((c) => assistant.read(c.question));
    for (const decisions of grid) {
      candidates.push({ exampleCredit, decisions });
      const ownDecisions = ownReadings.map((r) => decide(r, {}, decisions).decision);
      const ownRight = ownDecisions.map((d, i) => isRight(own[i].expected, answeredId(d)));
      const ownWrong = ownDecisions.some((d, i) => answeredId(d) !== null && !ownRight[i]);
      meetsOwnSet.push(ownRight.filter(Boolean).length >= OWN_SET_FLOOR * own.length && !ownWrong && own.every((c, i) => !c.kind.startsWith('oos') || ownRight[i]));
      // Entries offered for its out-of-scope questions ("Кой спечели мача снощи?") cost like any wrong offer.
      offersOutOfScope.push(own.filter((c, i) => c.kind.startsWith('oos') && ownDecisions[i].type === 'clarify').length * WRONG_OFFER_COST);
      scores.push(
        Float32Array.from(readings, (r, i) => {
          const { decision } = decide(r, {}, decisions);
          const id = answeredId(decision);
          if (isRight(cases[i].expected, id)) return 1;
          if (id !== null) return -WRONG_COST;
          if (decision.type !== 'clarify') return 0;
          const extra = decision.report && !isRight(cases[i].expected, 'feedback') ? EXTRA_OPTION_COST : 0;
          return (offersRight(cases[i].expected, optionsOf(decision)) ? REACHED_IN_TWO : -WRONG_OFFER_COST) - extra;
        }),
      );
    }
  }
  const folds = cases.map((c) => hash(c.site) % FOLDS);
  const allowed = (c: number) => meetsOwnSet[c];
  console.log(`${meetsOwnSet.filter(Boolean).length} of ${candidates.length} combinations keep ${OWN_SET} at ${OWN_SET_FLOOR} or more`);
  const cost = (c: number) => offersOutOfScope[c];
  const cv = summary(crossValidate(scores, folds, allowed, cost));
  const chosen = best(scores, () => true, allowed, cost);
  const fitted = summary(scores[chosen]);
  const current = JSON.stringify({ exampleCredit: loaded.kb.lexicon.decisions.example_credit, decisions: loaded.decisions });
  const currentAt = candidates.findIndex((c) => JSON.stringify(c) === current);
  const n = cases.length;
  const pct = (k: number) => (k / n).toFixed(3);
  console.log(`${n} messages from ${new Set(cases.map((c) => c.site)).size} sites in ${REAL_PARTS.tuning}; ${candidates.length} combinations`);
  if (currentAt >= 0) console.log(`current values:         right ${pct(summary(scores[currentAt]).right)}, wrong ${pct(summary(scores[currentAt]).wrong)}`);
  console.log(`cross-validated (${FOLDS} folds by site): right ${pct(cv.right)}, in two turns ${pct(cv.inTwo)}, wrong ${pct(cv.wrong)}`);
  console.log(`fitted on all of it:    right ${pct(fitted.right)}, in two turns ${pct(fitted.inTwo)}, wrong ${pct(fitted.wrong)}`);
  console.log(JSON.stringify(candidates[chosen]));
  if (dryRun) return;
  const { exampleCredit, decisions } = candidates[chosen];
  const out: DecisionsFile = {
    thresholds: decisions.thresholds,
    narrative_cues: decisions.narrativeCues,
    long_question_words: decisions.longQuestionWords,
    statement_words: decisions.statementWords,
    statement_cues: decisions.statementCues,
    report_option_cues: decisions.reportOptionCues,
    example_credit: exampleCredit,
    fitted: { on: REAL_PARTS.tuning, date: new Date().toISOString().slice(0, 10), cases: n, score: Number(pct(fitted.right)) },
  };
  const target = join(config.knowledgeDir, 'lexicon/decisions.yaml');
  const header = readFileSync(target, 'utf8').match(/^(#.*\n)*/)?.[0] ?? '';
  writeFileSync(target, header + stringify(out));
  console.log(`written: ${target}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
