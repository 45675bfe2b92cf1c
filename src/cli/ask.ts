// npm run ask -- "question"          prints the answer as text
// npm run --silent ask -- --json      one question a line on stdin → one JSON line each on stdout
// npm run ask -- --explain "question"  also prints the search keys and the candidates with their scores
// The JSON contract is used by the quality checks: keep it exactly.
import { createInterface } from 'node:readline';
import { Assistant } from '../answer/assistant.js';
import { optionsOf, type Understanding } from '../answer/understand.js';
import { readConfigOrExit } from './cliConfig.js';
import { viewToText } from '../render/answerView.js';

export interface AskJson {
  question: string;
  lang: string;
  answered: boolean;
  id: string | null;
  title: string | null;
  score: number;
  alternatives: Array<{ id: string; title: string; score: number }>;
  /** What the bot does with the message: answer, clarify ("did you mean"), report, feedback, abstain, hours, smalltalk, help. */
  decision: Understanding['decision']['type'];
  /** The entries a "did you mean" offers, in order, and `feedback` last when it offers to register a problem too; empty for any other decision. */
  options: string[];
  /** The signal category of a recognised problem report; null for any other decision. */
  category: string | null;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The entry a decision answers with (`feedback` for complaints and reports), or null when it answers none. */
export function answeredId(d: Understanding['decision']): string | null {
  return d.type === 'answer' ? d.entryId : d.type === 'hours' ? d.entryId ?? null : d.type === 'feedback' || d.type === 'report' ? 'feedback' : null;
}

export function toJson(assistant: Assistant, u: Understanding): AskJson {
  const d = u.decision;
  const id = answeredId(d);
  const top = u.search.candidates[0];
  const alternatives = u.search.candidates
    .filter((c) => c.id !== id)
    .slice(0, 3)
    .map((c) => ({ id: c.id, title: assistant.titleOf(c.id, u.lang), score: round(top ? c.coverage * (c.score / top.score) : 0) }));
  return {
    question: u.question,
    lang: u.lang,
    answered: id !== null,
    id,
    title: id ? assistant.titleOf(id, u.lang) : null,
    score: u.confidence,
    alternatives,
    decision: d.type,
    options: optionsOf(d),
    category: d.type === 'report' ? d.report.category.id : null,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const assistant = await Assistant.load(readConfigOrExit());
  if (json) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const question = line.trim();
      if (!question) continue;
      process.stdout.write(`${JSON.stringify(toJson(assistant, assistant.understand(question)))}\n`);
    }
    return;
  }
  const question = args.filter((a) => !a.startsWith('--')).join(' ').trim();
  if (!question) {
    console.error('usage: npm run ask -- "your question"   or   npm run --silent ask -- --json < questions.txt');
    process.exitCode = 2;
    return;
  }
  const understanding = assistant.understand(question);
  console.log(viewToText(assistant.reply(understanding)));
  if (args.includes('--explain')) console.log(`\n${explain(assistant, understanding)}`);
}

/** Why the bot decided as it did: the question's search keys and the candidates. */
export function explain(assistant: Assistant, u: Understanding): string {
  const keys = assistant.index.pipeline
    .analyzeQuery(u.question, u.lang)
    .map((t) => (t.stop ? `(${t.raw})` : `${t.key}${t.facet ? `/${t.facet}` : ''}`))
    .join(' ');
  const candidates = u.search.candidates.map(
    (c) => `  ${c.id}  score ${c.score.toFixed(2)}  coverage ${c.coverage.toFixed(2)}  focus ${c.focus.toFixed(2)}  words ${c.matchedWords}/${c.carriers}${c.keyPhrase ? "  key phrase" : ""}${c.carried ? "" : "  (not carried)"}`,
  );
  const d = u.decision;
  const report = d.type === 'report' ? [`report: ${d.report.category.id} (${d.report.strength})${d.report.place ? `  place: ${d.report.place}` : ''}  ${JSON.stringify(d.report.evidence)}`] : [];
  return [`decision: ${u.decision.type}  confidence: ${u.confidence}  lang: ${u.lang}`, ...report, `keys: ${keys}`, ...candidates].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
