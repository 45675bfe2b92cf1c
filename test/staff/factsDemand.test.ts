// The list of the facts to fill in: the missing ones first, each part ordered by how often citizens
// ask about them (answers in the usage log, "did you mean" offers in the questions log).
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { LoggedQuestion } from '../../src/insights/questionLog.js';
import type { UsageEvent } from '../../src/insights/usage.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { factsByDemand, type FactToFill } from '../../src/staff/factsDemand.js';
import { paths } from '../support/paths.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  const loaded = await loadKnowledge(paths.knowledgeDir);
  if (!loaded.ok) throw new Error('the fixture knowledge does not load');
  kb = loaded.kb;
});

const event = (decision: string, entryId?: string): UsageEvent => ({ time: '2026-11-20T10:00:00Z', decision, lang: 'bg', channel: 'test', ...(entryId ? { entryId } : {}) });
const offered = (id: string, reason: LoggedQuestion['reason'] = 'clarify'): LoggedQuestion => ({ id: `q-${id}`, time: '2026-11-20T10:00:00Z', text: '…', lang: 'bg', channel: 'test', conversation: 'c', reason, candidates: [{ id, score: 1, coverage: 1 }] });
const title = (row: FactToFill) => row.id;
const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make);

describe('the facts to fill in', () => {
  it('counts answers and "did you mean" offers of a service, not help or questions it was not first in', () => {
    const usage = [...times(3, () => event('answer', 'kinship-certificate')), event('help', 'kinship-certificate'), event('abstain')];
    const questions = [offered('kinship-certificate'), offered('kinship-certificate', 'abstain'), { ...offered('dog-registration'), candidates: [{ id: 'taxi-permit', score: 1, coverage: 1 }, { id: 'kinship-certificate', score: 0.9, coverage: 1 }] }];
    const rows = factsByDemand(kb, usage, questions, title);
    expect(rows.find((r) => r.id === 'kinship-certificate')?.asked).toBe(4);
    expect(rows.find((r) => r.id === 'taxi-permit')?.asked).toBe(1);
  });

  it("counts the municipality's hours and bank account by the questions about them and about the topics that show them", () => {
    const usage = [event('hours'), event('hours', 'office-hours'), event('answer', 'office-hours'), event('answer', 'payment-methods')];
    const rows = factsByDemand(kb, usage, [], title);
    expect(rows.filter((r) => r.kind === 'municipality').map((r) => [r.id, r.asked])).toEqual(expect.arrayContaining([['hours', 3], ['bank', 1], ['reception', 0]]));
  });

  it('lists every service and municipal fact once, with what is missing', () => {
    const rows = factsByDemand(kb, [], [], title);
    expect(rows.map((r) => r.id).sort()).toEqual([...kb.entries.filter((e) => e.kind === 'service').map((e) => e.id), 'hours', 'bank', 'reception'].sort());
    expect(rows.find((r) => r.id === 'owners-association-registration')?.missing).toEqual(['fee', 'working']);
    expect(rows.find((r) => r.id === 'kinship-certificate')?.missing).toEqual(['deadline', 'fee']);
    expect(rows.find((r) => r.id === 'hours')?.missing).toEqual(['hours']);
  });

  it('puts the missing first, each part by how often it is asked, then by title', () => {
    // public-information with working days given has every fact: it goes after every missing one, however often asked.
    const complete = {
      ...kb,
      entries: kb.entries.map((e) => (e.id === 'public-information' && e.kind === 'service' && e.speeds ? { ...e, speeds: { ...e.speeds, items: e.speeds.items.map((i) => ({ ...i, deadline: { unit: 'days' as const, amount: 14, days: 'working' as const } })) } } : e)),
    };
    const usage = [...times(9, () => event('answer', 'public-information')), ...times(2, () => event('answer', 'dog-registration')), ...times(5, () => event('answer', 'vehicle-tax')), event('hours')];
    const rows = factsByDemand(complete, usage, [], title);
    expect(rows.slice(0, 4).map((r) => r.id)).toEqual(['vehicle-tax', 'dog-registration', 'hours', 'bank']);
    expect(rows.at(-1)).toEqual({ kind: 'service', id: 'public-information', asked: 9, missing: [], checked: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const missing = rows.filter((r) => r.missing.length > 0);
    expect(missing.map((r) => r.asked)).toEqual([...missing.map((r) => r.asked)].sort((a, b) => b - a));
  });

  it("gives the check date of the sources a fact cites: the speeds' for a service", () => {
    const rows = factsByDemand(kb, [], [], title);
    const entry = kb.byId.get('spatial-planning-certificate');
    const speedsSource = entry?.kind === 'service' && entry.speeds ? entry.sources.find((s) => s.id === entry.speeds?.source) : undefined;
    expect(rows.find((r) => r.id === 'spatial-planning-certificate')?.checked).toBe(speedsSource?.checked);
    expect(rows.find((r) => r.id === 'kinship-certificate')?.checked).toBeUndefined();
  });
});
