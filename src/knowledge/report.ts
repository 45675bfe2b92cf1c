// What each entry of the knowledge base holds and lacks, for staff completing it. Pure.
import type { KnowledgeBase, KnowledgeEntry } from './types.js';

export interface EntryReport {
  id: string;
  kind: KnowledgeEntry['kind'];
  filled: string[];
  missing: string[];
  oldestCheck: string;
  examples: number;
}

const MIN_EXAMPLES = 6;
const MIN_ENGLISH_EXAMPLES = 2;

export function reportEntry(entry: KnowledgeEntry): EntryReport {
  const filled: string[] = [];
  const missing: string[] = [];
  const has = (name: string, present: boolean) => (present ? filled : missing).push(name);

  if (entry.kind === 'service') {
    has('code', entry.code !== undefined);
    has('department', entry.department !== undefined);
    has('who_may_apply', entry.who_may_apply !== undefined);
    filled.push(`documents(${entry.documents.items.length})`);
    if (!entry.speeds) missing.push('deadline', 'fee');
    else {
      const speeds = entry.speeds.items;
      filled.push(`speeds(${speeds.map((s) => s.speed).join('/')})`);
      if (speeds.some((s) => !s.deadline)) missing.push('deadline for some speeds');
      if (speeds.some((s) => !s.fee)) missing.push('fee for some speeds');
      if (speeds.some((s) => s.deadline && s.deadline.unit === 'days' && !s.deadline.days)) missing.push('working or calendar days');
    }
    has('online', entry.online !== undefined);
    has('payment', entry.payment !== undefined);
    has('legal_basis', entry.legal_basis !== undefined);
  }
  if (entry.kind === 'topic') filled.push(`body(${entry.body.length})`);
  if (entry.kind === 'redirect') {
    has('institution.address', entry.institution.address !== undefined);
    has('institution.phone', entry.institution.phone !== undefined);
    has('institution.url', entry.institution.url !== undefined);
  }
  const examples = entry.examples.bg.length + entry.examples.en.length;
  if (examples < MIN_EXAMPLES) missing.push(`examples (${examples} of ${MIN_EXAMPLES})`);
  if (entry.examples.en.length < MIN_ENGLISH_EXAMPLES) missing.push(`English examples (${entry.examples.en.length} of ${MIN_ENGLISH_EXAMPLES})`);

  return { id: entry.id, kind: entry.kind, filled, missing, oldestCheck: entry.sources.map((s) => s.checked).sort()[0], examples };
}

export function reportKnowledge(kb: KnowledgeBase): EntryReport[] {
  return kb.entries.map(reportEntry);
}
