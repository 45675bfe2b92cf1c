// Which of the facts only the municipality has to fill in first: every service's fees and deadlines
// and the municipality's hours, reception day and bank account, the missing ones first, each part
// ordered by how often citizens ask about them. Pure.
import type { LoggedQuestion } from '../insights/questionLog.js';
import type { UsageEvent } from '../insights/usage.js';
import { reportEntry } from '../knowledge/report.js';
import { MUNICIPAL_FACTS, type MunicipalFact } from '../knowledge/schema.js';
import { sourcesOf, type KnowledgeBase } from '../knowledge/types.js';

export interface FactToFill {
  /** A service's fees and deadlines, or one of the municipality's facts. */
  kind: 'service' | 'municipality';
  /** The service's id, or the municipal fact (hours, bank, reception). */
  id: string;
  /** How often citizens asked about it in the logs. */
  asked: number;
  /** What is missing: deadline, fee, working (working or calendar days); for a municipal fact, itself. */
  missing: string[];
  /** The oldest check date of the sources the filled-in fact cites. */
  checked?: string;
}

const oldest = (dates: string[]) => [...dates].sort()[0];

/**
 * How often each entry was asked about: the answers the bot gave with it (usage log), and the
 * "did you mean" questions that offered it first (questions log), since the citizen's pick of an
 * offer is not logged again. A municipal fact counts the questions about the topics that show it,
 * and every question about the opening hours.
 */
function askedCounts(kb: KnowledgeBase, usage: readonly UsageEvent[], questions: readonly LoggedQuestion[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const factsOf = new Map<string, MunicipalFact[]>();
  for (const entry of kb.entries) {
    if (entry.kind === 'topic') factsOf.set(entry.id, entry.body.flatMap((p) => ('fact' in p ? [p.fact] : [])));
  }
  const asked = (entryId: string | undefined, hours: boolean) => {
    if (entryId) add(entryId);
    const facts = new Set([...(entryId ? (factsOf.get(entryId) ?? []) : []), ...(hours ? (['hours'] as const) : [])]);
    facts.forEach((f) => add(`fact:${f}`));
  };
  for (const e of usage) if (e.decision !== 'help') asked(e.entryId, e.decision === 'hours');
  for (const q of questions) if (q.reason === 'clarify' && q.candidates[0]) asked(q.candidates[0].id, false);
  return counts;
}

/** The facts to fill, the missing ones first, each part by how often they are asked; then by `title`. */
export function factsByDemand(kb: KnowledgeBase, usage: readonly UsageEvent[], questions: readonly LoggedQuestion[], title: (row: FactToFill) => string): FactToFill[] {
  const counts = askedCounts(kb, usage, questions);
  const services: FactToFill[] = kb.entries.flatMap((entry) => {
    if (entry.kind !== 'service') return [];
    const missing = reportEntry(entry).missing.filter((m) => /fee|deadline|days/.test(m)).map((m) => m.replace(/ .*/, ''));
    const checked = entry.speeds ? oldest(sourcesOf(entry, entry.speeds.source).map((s) => s.checked)) : undefined;
    return [{ kind: 'service', id: entry.id, asked: counts.get(entry.id) ?? 0, missing, ...(checked ? { checked } : {}) }];
  });
  const m = kb.municipality;
  const block = { hours: m.hours, bank: m.payment, reception: m.reception };
  const municipal: FactToFill[] = MUNICIPAL_FACTS.map((fact) => {
    const filled = block[fact];
    return { kind: 'municipality', id: fact, asked: counts.get(`fact:${fact}`) ?? 0, missing: filled ? [] : [fact], ...(filled ? { checked: oldest(sourcesOf(m, filled.source).map((s) => s.checked)) } : {}) };
  });
  const rank = (r: FactToFill) => (r.missing.length > 0 ? 0 : 1);
  return [...municipal, ...services].sort((a, b) => rank(a) - rank(b) || b.asked - a.asked || title(a).localeCompare(title(b), 'bg'));
}
