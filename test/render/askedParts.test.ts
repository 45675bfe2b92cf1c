// A question answered part by part (issue 21, item 4): every part it asks about, in one reply; a
// question whether something holds led by the line that answers it; no card that opens with a
// pointer to another section. On the fixture knowledge.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { entryView, viewToText, type AnswerView } from '../../src/render/answerView.js';
import { paths } from '../support/paths.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
});

const replyTo = (question: string, lastEntryId?: string): AnswerView => assistant.reply(assistant.understand(question, lastEntryId ? { lastEntryId } : {}));
const headings = (view: AnswerView) => view.sections.map((s) => s.id);
const allLines = (view: AnswerView) => view.sections.flatMap((s) => s.lines);

describe('several parts asked in one message', () => {
  it.each([
    ['къде и колко струва скица на имот', 'property-sketch', ['speeds', 'where']],
    ['kade i kolko e taksata za skica', 'property-sketch', ['speeds', 'where']],
    ['where do I apply for a sketch of a property and how much is it', 'property-sketch', ['speeds', 'where']],
    ['какви документи и колко време отнема удостоверението за наследници', 'heirs-certificate', ['documents', 'speeds']],
  ])('%s → every part asked', (question, id, parts) => {
    const view = replyTo(question);
    expect(view.entryId).toBe(id);
    expect(headings(view)).toEqual(expect.arrayContaining(parts));
    // Only the parts asked: the whole card is one tap away.
    expect(headings(view)).not.toContain('legal');
    expect(view.actions[0]?.value).toEqual({ action: 'entry', id });
  });

  it('takes a question word for a part only where it asks ("нямат къде да играят." does not)', () => {
    const facets = (text: string) => assistant.index.search(assistant.index.pipeline.read(text)).facets;
    expect(facets('Къде се вади скица?')).toContain('where');
    expect(facets('къде се вади скица')).toContain('where');
    expect(facets('Децата нямат къде да играят. Как да платим по-малко данък?')).not.toContain('where');
  });

  it('answers who may apply when asked whether both must come, and says so when the entry does not tell', () => {
    const heirs = replyTo('колко е таксата за удостоверение за наследници и трябва ли да присъстваме двамата с брат ми');
    expect(headings(heirs)).toEqual(expect.arrayContaining(['who', 'speeds']));
    expect(heirs.sections.find((s) => s.id === 'who')!.lines.join(' ')).toMatch(/всеки от наследниците/);

    const sketch = replyTo('а трябва ли да присъстваме двамата?', 'property-sketch');
    const who = sketch.sections.find((s) => s.id === 'who');
    expect(who?.lines).toEqual([expect.stringMatching(/не казват.*0745 12345/)]);
  });
});

describe('a question whether something holds leads with its detail', () => {
  it('puts the line that answers it first and keeps the rest of the card below, without repeating it', () => {
    const view = replyTo('Имам ТЕЛК, полага ли ми се намаление на данъка за колата?');
    expect(view.entryId).toBe('vehicle-tax');
    expect(view.sections[0].id).toBe('asked');
    expect(view.sections[0].heading).toBe('По въпроса ви');
    expect(view.sections[0].lines).toEqual([expect.stringMatching(/ТЕЛК/)]);
    const lines = allLines(view);
    expect(lines.filter((l) => /ТЕЛК/.test(l))).toHaveLength(1);
    expect(headings(view)).toEqual(expect.arrayContaining(['documents', 'where']));
  });

  it.each([
    // A question that asks how or where, not whether, gets the card as it is.
    'Как се плаща данъкът за колата?',
    'where can I pay the car tax',
    // Whether-words with no word that points at one line.
    'Трябва ли да плащам данък за колата?',
  ])('%s → no detail first', (question) => {
    expect(headings(replyTo(question))).not.toContain('asked');
  });
});

describe('a card without a table of speeds', () => {
  it('opens its deadlines with the facts of its notes, not a pointer, and does not repeat them in the notes', () => {
    for (const lang of ['bg', 'en'] as const) {
      const view = entryView(assistant.kb.byId.get('vehicle-tax')!, [], assistant.renderContext(lang));
      const speeds = view.sections.find((s) => s.id === 'speeds')!;
      expect(speeds.lines[0]).toMatch(lang === 'bg' ? /30 юни/ : /30 June/);
      expect(viewToText(view)).not.toMatch(/„Добре е да знаете“|“Good to know”/);
      const notes = view.sections.find((s) => s.id === 'notes')?.lines ?? [];
      expect(notes.filter((l) => speeds.lines.includes(l))).toEqual([]);
    }
  });

  it('says a fee is unpublished only when no note states one', () => {
    const bg = assistant.renderContext('bg');
    const unpublished = /размерът ѝ в .* не е публикуван/;
    const tax = entryView(assistant.kb.byId.get('vehicle-tax')!, [], bg);
    // The tax's rate is told in a note ("ставка"): no "if the service has a fee" sentence.
    expect(tax.sections.find((s) => s.id === 'speeds')!.lines.join(' ')).not.toMatch(unpublished);
  });
});

describe('the act of a message', () => {
  const whether = (text: string) => assistant.reports.read(assistant.index.pipeline.read(text)).act.whether;
  it.each([
    ['Полага ли ми се намаление?', true],
    ['mога li da platя s karta', true],
    ['Can I pay by card?', true],
    ['Hello. Is there a discount for pensioners?', true],
    ['Where can I pay by card?', false],
    ['Как да платя данъка?', false],
    ['Колко струва скица?', false],
  ])('%s → whether %s', (text, expected) => {
    expect(whether(text)).toBe(expected);
  });
});
