// Issue 22, item 5: the feedback list filtered and grouped by category, place and status, as pure
// functions on fixture records: the query read and checked (days on Sofia's clock, every refused
// value named), the place matched in any spelling, the groups named and counted, largest first.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { createI18n, translator } from '../../src/common/i18n.js';
import { matchesFilter } from '../../src/feedback/recordChanges.js';
import type { FeedbackRecord } from '../../src/feedback/types.js';
import { categoryTitleOf, groupRecords, listFeedback, placeMatches, type GroupNaming, type ListContext } from '../../src/staff/feedbackList.js';
import { feedbackQueryString, parseFeedbackQuery, type FeedbackListQuery } from '../../src/staff/feedbackQuery.js';
import { feedbackListPage, queryProblemText } from '../../src/staff/pages.js';
import { paths } from '../support/paths.js';
import { feedbackRecord } from '../support/feedbackRecords.js';

let assistant: Assistant;
let context: ListContext;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
  const isStop = (w: string) => assistant.index.pipeline.isStop(w, 'bg');
  const naming: GroupNaming = {
    categoryTitle: categoryTitleOf(assistant.kb.signals),
    statusName: (s) => `status:${s}`,
    placeWords: (location) => assistant.reports.placeWords(location, isStop),
    noCategory: '(без категория)',
    noPlace: '(без място)',
  };
  context = { due: () => ({ kind: 'none' }), naming, isPlaceMarker: (w) => assistant.reports.isPlaceMarker(w) };
});

const CATEGORIES = new Set(['waste', 'street-lighting', 'roads-and-pavements']);
const parse = (query: string) => parseFeedbackQuery(new URLSearchParams(query), CATEGORIES);
const query = (text: string): FeedbackListQuery => {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.problem)}`);
  return parsed.query;
};

let n = 0;
function record(fields: Partial<FeedbackRecord>): FeedbackRecord {
  n += 1;
  return feedbackRecord(n, fields.createdAt ?? `2026-05-${String(n).padStart(2, '0')}T09:00:00.000Z`, fields);
}

describe('the query', () => {
  it('without parameters is the whole list, newest first, not grouped', () => {
    expect(query('')).toEqual({ filter: {}, sort: 'newest', form: { kind: '', status: [], category: '', place: '', from: '', to: '', sort: '', group: '' } });
  });

  it('reads kind, several statuses, a category or none, the place, the order and the grouping', () => {
    const q = query('kind=signal&status=received&status=in_progress&status=received&category=waste&place=+ул.+Рила+&sort=due&group=place');
    expect(q.filter).toEqual({ kind: 'signal', statuses: ['received', 'in_progress'], category: 'waste' });
    expect(q).toMatchObject({ place: 'ул. Рила', sort: 'due', group: 'place' });
    expect(query('category=none').filter).toEqual({ category: null });
    // Empty choices are "any", as the form sends them.
    expect(query('kind=&category=&place=&from=&to=&sort=&group=').filter).toEqual({});
  });

  it.each([
    ['summer (UTC+3)', 'from=2026-05-01&to=2026-05-01', '2026-04-30T21:00:00.000Z', '2026-05-01T20:59:59.999Z'],
    ['winter (UTC+2)', 'from=2026-01-10&to=2026-01-11', '2026-01-09T22:00:00.000Z', '2026-01-11T21:59:59.999Z'],
    ['the day the clocks go forward: 23 hours', 'from=2026-03-29&to=2026-03-29', '2026-03-28T22:00:00.000Z', '2026-03-29T20:59:59.999Z'],
  ])('takes days on Sofia\'s clock, the last one whole: %s', (_case, text, from, to) => {
    expect(query(text).filter).toEqual({ from, to });
  });

  it('a record received at 01:30 in Sofia belongs to that day, though it was still the day before in UTC', () => {
    const late = record({ createdAt: '2026-05-01T22:30:00.000Z' }); // 02.05.2026 01:30 in Sofia
    expect(matchesFilter(late, query('from=2026-05-02&to=2026-05-02').filter)).toBe(true);
    expect(matchesFilter(late, query('to=2026-05-01').filter)).toBe(false);
  });

  const refused: Array<[string, object]> = [
    ['kind=nonsense', { field: 'kind', problem: 'choice' }],
    ['status=received&status=lost', { field: 'status', problem: 'choice' }],
    ['category=no-such-category', { field: 'category', problem: 'choice' }],
    ['from=2026-02-30', { field: 'from', problem: 'date' }],
    ['to=01.05.2026', { field: 'to', problem: 'date' }],
    ['from=0000-01-01', { field: 'from', problem: 'date' }],
    ['from=2026-05-02&to=2026-05-01', { field: 'to', problem: 'range' }],
    ['sort=oldest', { field: 'sort', problem: 'choice' }],
    ['group=kind', { field: 'group', problem: 'choice' }],
    [`place=${'я'.repeat(201)}`, { field: 'place', problem: 'tooLong', max: 200 }],
    [`kind=${'x'.repeat(501)}`, { field: 'kind', problem: 'tooLong', max: 500 }],
    [`status=${'x'.repeat(501)}`, { field: 'status', problem: 'tooLong', max: 500 }],
  ];
  /** The test's title: a long value by its length. */
  const title = (text: string) => (text.length > 40 ? `${text.split('=')[0]} of ${text.length - text.indexOf('=') - 1} characters` : text);
  it.each(refused.map(([text, problem]) => [title(text), text, problem] as const))('refuses %s, naming the field', (_case, text, problem) => {
    const parsed = parse(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toEqual(problem);
    // What is shown back in the form is no longer than the field takes.
    expect(parsed.form.place.length).toBeLessThanOrEqual(200);
    expect(parsed.form.kind.length).toBeLessThanOrEqual(500);
  });

  it('written back as a query string, reads as the same view (the export link of a page)', () => {
    const text = 'kind=signal&status=received&status=closed&category=none&place=%D1%83%D0%BB.+%E2%80%9E%D0%A0%D0%B8%D0%BB%D0%B0%E2%80%9C&from=2026-05-01&to=2026-05-31&sort=due&group=category';
    const q = query(text);
    expect(feedbackQueryString(q.form)).toBe(`?${text}`);
    expect(query(feedbackQueryString(q.form).slice(1))).toEqual(q);
    expect(feedbackQueryString(query('').form)).toBe('');
  });
});

describe('the place', () => {
  it.each([
    ['ул. Рила', 'ул. „Рила“ 5', true],
    ['ул Рила', 'улица „Рила“ 12', true],
    ['улица Рила', 'ул. Рила 12', true],
    ['РИЛА', 'ул. рила', true],
    ['Rila', 'ул. „Рила“ 5', true],
    ['ul. rila', 'ул. „Рила“ 5', true],
    ['Цар Самуил', 'ул. „Tsar Samuil“ 3', true],
    ['Рил', 'ул. Рила', true],
    ['Рила 5', 'ул. „Рила“ 5', true],
    ['Рила 5', 'ул. „Рила“ 52', false],
    ['ул. Рила', 'ул. „Мизия“ 3', false],
    ['Рила', undefined, false],
    ['ул.', 'ул. Мизия', true],
    ['ул.', 'кв. Изток', false],
  ])('"%s" in "%s": %s', (asked, location, expected) => {
    expect(placeMatches(location, asked, context.isPlaceMarker)).toBe(expected);
  });
});

describe('the list', () => {
  const records = [
    record({ reference: 'A', category: 'waste', location: 'ул. „Рила“ 5', status: 'received' }),
    record({ reference: 'B', category: 'waste', location: 'ул. Рила 12', status: 'in_progress' }),
    record({ reference: 'C', category: 'street-lighting', location: 'кв. Изток', status: 'received' }),
    record({ reference: 'D', kind: 'complaint', status: 'closed' }),
    record({ reference: 'E', category: 'waste', location: 'улица Рила', status: 'closed' }),
    record({ reference: 'F', category: 'retired-category', location: 'Rila', status: 'received' }),
  ];
  const refs = (rows: Array<{ record: FeedbackRecord }>) => rows.map((r) => r.record.reference);

  it('is newest first, and only the records about the place asked for', () => {
    expect(refs(listFeedback(records, query(''), context).rows)).toEqual(['F', 'E', 'D', 'C', 'B', 'A']);
    expect(refs(listFeedback(records, query('place=ул. Рила'), context).rows)).toEqual(['F', 'E', 'B', 'A']);
  });

  it('groups by place: the same street however written, the largest group first, then the records without a place', () => {
    const { grouped, rows } = listFeedback(records, query('group=place'), context);
    expect(grouped!.by).toBe('place');
    expect(grouped!.groups.map((g) => [g.label, refs(g.rows)])).toEqual([
      ['Rila', ['F', 'E', 'B', 'A']],
      ['(без място)', ['D']],
      ['Изток', ['C']],
    ]);
    // The rows are the groups' records, group after group: what the export writes.
    expect(refs(rows)).toEqual(['F', 'E', 'B', 'A', 'D', 'C']);
  });

  it('groups by category, named by its title (an unknown one by its id), and by status', () => {
    const byCategory = groupRecords(listFeedback(records, query(''), context).rows, 'category', context.naming);
    const waste = assistant.kb.signals.find((c) => c.id === 'waste')!.title.bg;
    const lighting = assistant.kb.signals.find((c) => c.id === 'street-lighting')!.title.bg;
    expect(byCategory.map((g) => [g.label, g.rows.length])).toEqual(
      [[waste, 3], ...[['(без категория)', 1], [lighting, 1], ['retired-category', 1]].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'bg'))],
    );
    const byStatus = groupRecords(listFeedback(records, query(''), context).rows, 'status', context.naming);
    expect(byStatus.map((g) => [g.key, refs(g.rows)])).toEqual([
      ['received', ['F', 'C', 'A']],
      ['closed', ['E', 'D']],
      ['in_progress', ['B']],
    ]);
  });

  it('sorted by the day the answer is due, keeps that order inside each group', () => {
    const due = (r: FeedbackRecord) => (r.reference === 'A' ? { kind: 'due' as const, date: '2026-06-01', overdue: false } : { kind: 'none' as const });
    const { grouped } = listFeedback(records, query('sort=due&group=category'), { ...context, due });
    expect(refs(grouped!.groups[0].rows)).toEqual(['A', 'E', 'B']);
  });
});

describe('the page', () => {
  const t = translator(createI18n(paths.localesDir), 'bg');
  const ctx = { t, user: 'maria', csrf: 'x' };
  const view = { categories: [{ id: 'waste', title: 'Отпадъци' }], categoryTitle: (id: string) => id };

  it('keeps the query in the form and links the export of the same view', () => {
    const q = query('status=received&status=closed&category=none&place=ул. „Рила“&group=status');
    const html = feedbackListPage(ctx, { ...view, form: q.form, rows: [] });
    expect(html).toContain('<input type="checkbox" name="status" value="received" checked>');
    expect(html).toContain('<input type="checkbox" name="status" value="in_progress">');
    expect(html).toContain('<option value="none" selected>без категория</option>');
    expect(html).toContain('<option value="status" selected>статус</option>');
    expect(html).toContain('name="place" value="ул. „Рила“" maxlength="200"');
    expect(html).toContain(`href="/staff/feedback/export.csv${feedbackQueryString(q.form).replace(/&/g, '&amp;')}"`);
  });

  it("names groups and counts them; a place's name as a citizen typed it stays text, without marks that reorder it", () => {
    const r = record({ location: 'ул. <b>Рила</b>\u202E', description: 'x' });
    const row = { record: r, due: { kind: 'none' as const }, similar: [] };
    const groups = [{ key: 'rila b', label: '<b>Рила</b>\u202E', rows: [row] }];
    const html = feedbackListPage(ctx, { ...view, form: query('group=place').form, rows: [row], grouped: { by: 'place', groups } });
    expect(html).toContain('<th scope="col">Място</th><th scope="col">Брой</th>');
    expect(html).toContain('<a href="#group-1"><bdi>&lt;b&gt;Рила&lt;/b&gt;</bdi></a></td><td>1</td>');
    expect(html).toContain('<h2 id="group-1"><bdi>&lt;b&gt;Рила&lt;/b&gt;</bdi> <span class="meta">(1)</span></h2>');
    expect(html).not.toContain('\u202E');
    expect(html).toContain('Записи: 1');
  });

  it('says what is wrong with a query, shows no record and offers no export', () => {
    const parsed = parse('from=2026-02-30');
    if (parsed.ok) throw new Error('accepted');
    const html = feedbackListPage(ctx, { ...view, form: parsed.form, rows: [], problem: queryProblemText(t, parsed.problem) });
    expect(html).toContain('<p class="error" role="alert">„От дата“: очаква се дата (ГГГГ-ММ-ДД), която съществува.</p>');
    expect(html).toContain('name="from" value="2026-02-30"');
    expect(html).not.toContain('export.csv');
  });
});
