// The console's view of feedback records (issue 13, items 6–10): Sofia times, history in words, the
// day an answer is due by law and overdue records, near-identical reports together, and an honest
// message after attaching questions. Pure functions on fixture data.
import { describe, expect, it } from '@jest/globals';
import type { Decision } from '../../src/answer/understand.js';
import { answerDue, byDueDate, type AnswerDue } from '../../src/feedback/answerDue.js';
import type { FeedbackRecord } from '../../src/feedback/types.js';
import { createI18n, translator } from '../../src/common/i18n.js';
import type { FeedbackSettings } from '../../src/knowledge/schema.js';
import { attachOutcome } from '../../src/staff/attachOutcome.js';
import { WHOLE_LIST } from '../../src/staff/feedbackQuery.js';
import { feedbackDetailPage, feedbackListPage, type FeedbackRow } from '../../src/staff/pages.js';
import { similarRecords } from '../../src/staff/similarRecords.js';
import { paths } from '../support/paths.js';
import { feedbackRecord } from '../support/feedbackRecords.js';

const t = translator(createI18n(paths.localesDir), 'bg');
const SETTINGS: FeedbackSettings = {
  reference_prefix: 'ПТ',
  kinds: { complaint: {}, signal: { response: { amount: 2, unit: 'months' } }, proposal: { response: { amount: 2, unit: 'months' } }, praise: {} },
  anonymous_rule: { bg: '…', en: '…', source: 'x' },
  sources: [{ id: 'x', title: 'АПК', checked: '2026-11-24', scope: 'national' }],
};

let n = 0;
function record(fields: Partial<FeedbackRecord>): FeedbackRecord {
  n += 1;
  const at = fields.createdAt ?? '2026-11-02T10:00:00.000Z';
  return feedbackRecord(n, at, { history: [{ at, by: 'citizen', action: 'received' }], contact: { name: 'Мария' }, ...fields });
}

describe('item 8: the day an answer is due', () => {
  it.each<[string, Partial<FeedbackRecord>, string, AnswerDue]>([
    ['a signal with a name: two months from the day received', { kind: 'signal' }, '2026-11-29', { kind: 'due', date: '2027-01-02', overdue: false }],
    ['a proposal past its day and still open: overdue', { kind: 'proposal', status: 'in_progress' }, '2027-01-03', { kind: 'due', date: '2027-01-02', overdue: true }],
    ['an answered signal past its day: not overdue', { kind: 'signal', status: 'answered' }, '2027-02-01', { kind: 'due', date: '2027-01-02', overdue: false }],
    ['the day received on Sofia\'s clock (after 22:00 UTC in winter is the next day)', { createdAt: '2026-12-31T22:30:00.000Z' }, '2027-01-05', { kind: 'due', date: '2027-03-01', overdue: false }],
    ['the 31st of a month: the last day of a shorter month', { createdAt: '2026-12-31T09:00:00.000Z' }, '2027-01-05', { kind: 'due', date: '2027-02-28', overdue: false }],
    ['an anonymous signal: not examined by law', { kind: 'signal', contact: undefined }, '2027-06-01', { kind: 'anonymous' }],
    ['a signal whose name was erased on request: the day stands', { kind: 'signal', contact: undefined, anonymisedAt: '2026-11-10T00:00:00Z' }, '2026-11-29', { kind: 'due', date: '2027-01-02', overdue: false }],
    ['a complaint: no rule gives a deadline', { kind: 'complaint' }, '2027-06-01', { kind: 'none' }],
    ['praise: none', { kind: 'praise', contact: undefined }, '2027-06-01', { kind: 'none' }],
  ])('%s', (_case, fields, today, expected) => {
    expect(answerDue(record(fields), SETTINGS, today)).toEqual(expected);
  });

  it('gives no deadline to a report the municipality only forwards to another body', () => {
    const forwarded = new Set(['water-and-sewerage']);
    expect(answerDue(record({ kind: 'signal', category: 'water-and-sewerage' }), SETTINGS, '2026-11-29', forwarded)).toEqual({ kind: 'forwarded' });
    expect(answerDue(record({ kind: 'signal', category: 'roads-and-pavements' }), SETTINGS, '2026-11-29', forwarded)).toEqual({ kind: 'due', date: '2027-01-02', overdue: false });
    expect(answerDue(record({ kind: 'signal' }), SETTINGS, '2026-11-29', forwarded)).toEqual({ kind: 'due', date: '2027-01-02', overdue: false });
    expect(answerDue(record({ kind: 'praise', category: 'water-and-sewerage' }), SETTINGS, '2026-11-29', forwarded)).toEqual({ kind: 'none' });
  });

  it('sorts by due day, earliest first, records without one last and newest first', () => {
    const rows = [
      { record: record({ createdAt: '2026-11-01T09:00:00Z' }), due: { kind: 'none' } as AnswerDue },
      { record: record({ createdAt: '2026-11-03T09:00:00Z' }), due: { kind: 'due', date: '2027-01-03', overdue: false } as AnswerDue },
      { record: record({ createdAt: '2026-11-05T09:00:00Z' }), due: { kind: 'anonymous' } as AnswerDue },
      { record: record({ createdAt: '2026-11-01T09:00:00Z' }), due: { kind: 'due', date: '2027-01-01', overdue: false } as AnswerDue },
    ];
    expect(byDueDate(rows).map((r) => r.record.createdAt.slice(0, 10))).toEqual(['2026-11-01', '2026-11-03', '2026-11-05', '2026-11-01']);
  });
});

describe('item 9: near-identical reports together', () => {
  // Word lists stand in for the report reader and the pipeline: places are the name words, texts their words.
  const words = {
    place: (l: string) => l.toLowerCase().replace(/ул\.|улица|„|“|\d+/g, ' ').split(/\s+/).filter(Boolean),
    text: (d: string) => d.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length > 2),
  };
  const pothole = record({ category: 'roads', location: 'ул. „Рила“ 5', description: 'Голяма дупка на пътя.' });
  const sameStreet = record({ category: 'roads', location: 'улица Рила 12', description: 'Колите се чупят в дупките, никой не ги запълва.' });
  const otherStreet = record({ category: 'roads', location: 'ул. Мизия 3', description: 'Голяма дупка на пътя.' });
  const otherCategory = record({ category: 'lighting', location: 'ул. Рила 5', description: 'Лампата не свети.' });
  const samewords = record({ kind: 'proposal', description: 'Предлагам пейки в градинката до училището.' });
  const samewords2 = record({ kind: 'proposal', description: 'Предлагам нови пейки в градинката до училището!' });
  const closed = record({ category: 'roads', location: 'ул. Рила 9', status: 'closed' });
  const muchLater = record({ category: 'roads', location: 'ул. Рила 1', createdAt: '2027-03-01T10:00:00Z' });
  const groups = similarRecords([pothole, sameStreet, otherStreet, otherCategory, samewords, samewords2, closed, muchLater], words);

  it.each([
    ['the same category and street, in other words', pothole, [sameStreet.reference]],
    ['nearly the same words, without a place', samewords, [samewords2.reference]],
    ['another street, whatever the words', otherStreet, []],
    ['another category on the same street', otherCategory, []],
    ['a closed record', closed, []],
    ['a report months later', muchLater, []],
  ])('%s', (_case, r, expected) => {
    expect(groups.get(r.reference) ?? []).toEqual(expected);
  });
});

describe('item 10: what the citizen gets after questions are attached', () => {
  it('tells a direct answer from "did you mean" and from another answer', () => {
    const decisions: Array<{ text: string; decision: Decision }> = [
      { text: 'a', decision: { type: 'answer', entryId: 'dog-registration', facets: [], asked: [], followUp: false } },
      { text: 'b', decision: { type: 'clarify', options: ['vehicle-tax', 'dog-registration'], facets: [] } },
      { text: 'c', decision: { type: 'answer', entryId: 'vehicle-tax', facets: [], asked: [], followUp: false } },
      { text: 'd', decision: { type: 'abstain' } },
    ];
    expect(attachOutcome(decisions, 'dog-registration')).toEqual({ answered: ['a'], offered: ['b'], missed: ['c', 'd'] });
  });
});

describe('items 6–8: the records pages', () => {
  const ctx = { t, user: 'maria', csrf: 'c' };
  const r = record({
    createdAt: '2026-11-02T12:35:00.000Z',
    status: 'in_progress',
    history: [
      { at: '2026-11-02T12:35:00.000Z', by: 'citizen', action: 'received' },
      { at: '2026-11-03T08:00:00.000Z', by: 'maria', action: 'status:in_progress' },
      { at: '2026-11-03T08:05:00.000Z', by: 'maria', action: 'reply' },
    ],
  });
  const row: FeedbackRow = { record: r, due: { kind: 'due', date: '2027-01-02', overdue: true }, similar: ['ПТ-2026-000999'] };

  it('show times on Sofia\'s clock, say so, and keep the exact instant for machines', () => {
    const page = feedbackDetailPage(ctx, row);
    expect(page).toContain('<time datetime="2026-11-02T12:35:00.000Z">02.11.2026 14:35</time>');
    expect(page).not.toContain('12:35</time>');
    expect(page).toContain('българско време');
  });

  it('tell the history in words', () => {
    const page = feedbackDetailPage(ctx, row);
    expect(page).toContain('гражданин · получена');
    expect(page).toContain('maria · статус: в процес на разглеждане');
    expect(page).toContain('maria · публичен отговор');
    expect(page).not.toMatch(/status:in_progress|· citizen ·|· received</);
  });

  it('show the due day, mark an overdue record in words, and offer the similar records for the same answer', () => {
    const page = feedbackDetailPage(ctx, row);
    expect(page).toContain('просрочена – срокът беше 02.01.2027');
    expect(page.match(/name="also" value="ПТ-2026-000999" checked/g)).toHaveLength(2);
    const forwarded: FeedbackRow = { record: record({ kind: 'signal', category: 'water-and-sewerage' }), due: { kind: 'forwarded' }, similar: [] };
    const rows: FeedbackRow[] = [row, { record: record({ kind: 'signal', contact: undefined }), due: { kind: 'anonymous' }, similar: [] }, forwarded];
    const list = feedbackListPage(ctx, { form: { ...WHOLE_LIST, sort: 'due' }, rows, categories: [], categoryTitle: (id) => id });
    expect(list).toContain('<tr class="overdue">');
    expect(list).toContain('Просрочени преписки: 1');
    expect(list).toContain('анонимните предложения и сигнали не се разглеждат');
    expect(list).toContain('общината само го препраща');
    expect(list).toMatch(/<option value="due" selected>срок за отговор<\/option>/);
  });
});
