// calendar.yaml: optional, sourced like every fact file, with the mistakes a clerk can make named.
import { describe, expect, it } from '@jest/globals';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';
import { parseKnowledge, type KnowledgeFile } from '../../src/knowledge/parse.js';
import { formatProblem } from '../../src/knowledge/types.js';
import { paths } from '../support/paths.js';

let bundled: KnowledgeFile[];
const withCalendar = async (text: string | undefined): Promise<KnowledgeFile[]> => {
  bundled ??= await readKnowledgeFiles(paths.knowledgeDir);
  const others = bundled.filter((f) => f.path !== 'calendar.yaml');
  return text === undefined ? others : [...others, { path: 'calendar.yaml', text }];
};
const problemsOf = async (text: string | undefined) => {
  const result = parseKnowledge(await withCalendar(text));
  return result.ok ? [] : result.problems.map(formatProblem);
};

const calendar = (days: string) => `
public_holidays: { source: kt }
${days}
sources: [{ id: kt, title: Кодекс на труда, checked: 2026-11-25, scope: national }]
`;

describe('calendar.yaml', () => {
  it('the bundled file is valid and holds only sourced days', async () => {
    const result = parseKnowledge(await readKnowledgeFiles(paths.knowledgeDir));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kb = result.kb;
    expect(kb.calendar?.days_off.map((d) => d.date)).toContain('2026-01-02');
    const ids = new Set(kb.calendar?.sources.map((s) => s.id));
    for (const day of [...(kb.calendar?.days_off ?? []), ...(kb.calendar?.working_days ?? [])]) {
      for (const ref of [day.source].flat()) expect(ids.has(ref)).toBe(true);
    }
  });

  it('is optional: without it the bot knows only the law', async () => {
    const result = parseKnowledge(await withCalendar(undefined));
    expect(result.ok && result.kb.calendar).toBeUndefined();
  });

  it('names a day whose source is not listed', async () => {
    expect(await problemsOf(calendar('days_off: [{ date: 2026-10-28, name: { bg: Ден, en: Day }, source: order-2026 }]'))).toEqual([
      'calendar.yaml: days_off[0].source: names source "order-2026", which is not in this file\'s sources list',
    ]);
  });

  it('refuses a date that does not exist', async () => {
    expect(await problemsOf(calendar('days_off: [{ date: 2026-02-30, name: { bg: Ден, en: Day }, source: kt }]'))).toEqual(['calendar.yaml: days_off[0].date: is not a real date']);
  });

  it('refuses a day listed twice, and a weekday "declared working"', async () => {
    const problems = await problemsOf(
      calendar(`days_off:
  - { date: 2026-10-31, name: { bg: Ден, en: Day }, source: kt }
working_days:
  - { date: 2026-10-31, name: { bg: Ден, en: Day }, source: kt }
  - { date: 2026-11-26, name: { bg: Ден, en: Day }, source: kt }`),
    );
    expect(problems).toEqual([
      'calendar.yaml: working_days[0].date: 2026-10-31 is also listed at days_off[0].date: keep one',
      'calendar.yaml: working_days[1].date: 2026-11-26 is a weekday that is already a working day: check the date (list Saturdays, Sundays or holidays declared working)',
    ]);
  });

  it('checks opening hours in municipality.yaml: closing after opening, periods in order', async () => {
    const files = await withCalendar(undefined);
    const municipality = files.find((f) => f.path === 'municipality.yaml')!;
    const hours = `hours:\n  source: petrich-site\n  weekly:\n    mon: [["17:00", "08:00"]]\n    tue: [["13:00", "17:00"], ["08:00", "12:00"]]\n`;
    const result = parseKnowledge([...files.filter((f) => f !== municipality), { path: 'municipality.yaml', text: `${municipality.text}\n${hours}` }]);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'municipality.yaml: hours.weekly.mon[0]: the closing time must be after the opening time',
      'municipality.yaml: hours.weekly.tue: list the periods in time order, without overlaps',
    ]);
  });
});
