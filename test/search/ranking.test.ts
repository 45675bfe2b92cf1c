// Ranking and gating on the fixture knowledge base (test/fixtures/knowledge).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { confidenceOf, decide as decideMessage, type Decisions } from '../../src/answer/understand.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { KnowledgeIndex } from '../../src/search/knowledgeIndex.js';
import { paths } from '../support/paths.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
});

const decide = (q: string, context = {}) => assistant.understand(q, context).decision;
const decideWith = (q: string, decisions: Decisions) => decideMessage(assistant.read(q), {}, decisions).decision;

describe('answers questions in the citizen\'s own words', () => {
  it.each([
    ['Почина баща ми, какъв документ ми трябва?', 'heirs-certificate'],
    ['kak da si platq danaka za kolata', 'vehicle-tax'],
    ['How do I get a building permit?', 'building-permit'],
    ['удостоверине за наследнеци', 'heirs-certificate'],
    ['кога се плаща такса смет', 'property-tax-payment'],
    ['такси разрешително за таксиметров превоз', 'taxi-permit'],
    ['Къде да си сменя личната карта?', 'redirect-identity-documents'],
  ])('%s → %s', (question, id) => {
    expect(decide(question)).toMatchObject({ type: 'answer', entryId: id });
  });

  it('recognises complaints, signals, proposals and praise as feedback; an opener is not yet the account', () => {
    expect(decide('Искам да подам жалба')).toEqual({ type: 'feedback', opener: true });
    expect(decide('I want to praise the staff')).toMatchObject({ type: 'feedback' });
    expect(decide('Има дупка на улицата')).toMatchObject({ type: 'report', report: { category: { id: 'roads-and-pavements' } } });
  });
});

describe('abstains rather than guesses', () => {
  it.each(['Кой спечели мача снощи?', 'what is the capital of France', 'asdkjh qwezxc'])('%s', (q) => {
    expect(decide(q).type).toBe('abstain');
  });

  it('does not answer "Колко е часът в Токио?"', () => {
    // "часът" is a form of the "час" of opening hours ("До колко часа работи ЦАО?"), so asking whether
    // opening hours are meant is fair; answering them is not.
    expect(['abstain', 'clarify']).toContain(decide('Колко е часът в Токио?').type);
  });

  it('treats a message of numbers alone as no question', () => {
    expect(decide('колко е 2+2').type).toBe('help');
  });

  it('does not answer when only one of two content words matches', () => {
    expect(decide('Препоръчайте ми добър ресторант').type).not.toBe('answer');
  });
});

describe('did you mean', () => {
  it('offers up to three close candidates instead of answering a half-matched question', () => {
    const d = decide('I want to build an extension to my house');
    expect(d.type).toBe('clarify');
    if (d.type !== 'clarify') return;
    expect(d.options.length).toBeGreaterThan(0);
    expect(d.options.length).toBeLessThanOrEqual(3);
    expect(d.options).toContain('building-permit');
  });
});

describe('follow-ups and facets', () => {
  it('answers a bare "how much?" for the last service discussed', () => {
    expect(decide('а колко струва?', { lastEntryId: 'heirs-certificate' })).toEqual({
      type: 'answer', entryId: 'heirs-certificate', facets: ['fee'], asked: [], followUp: true,
    });
  });

  it('asks for help instead when there is no last service', () => {
    expect(decide('а колко струва?').type).toBe('help');
  });

  it('a question naming a service is answered for that service, focused on the facet', () => {
    expect(decide('какви документи трябват за удостоверение за наследници', { lastEntryId: 'vehicle-tax' })).toMatchObject({
      type: 'answer', entryId: 'heirs-certificate', facets: ['documents'], asked: [], followUp: false,
    });
  });
});

describe('confidence', () => {
  const c = (score: number, coverage: number) => ({ id: 'x', kind: 'service' as const, score, coverage, matchedWords: 1, focus: coverage, carriers: 1, keyPhrase: false, carried: true });

  it('is the coverage when the top candidate is alone or well ahead', () => {
    expect(confidenceOf([c(10, 0.75)])).toBe(0.75);
    expect(confidenceOf([c(10, 1), c(2, 1)])).toBe(1);
  });

  it('drops when a runner-up explains as much of the question and scores about the same', () => {
    expect(confidenceOf([c(10, 1), c(9.9, 1)])).toBeLessThan(0.65);
  });

  it('is 0 with no candidates', () => {
    expect(confidenceOf([])).toBe(0);
  });
});

describe('language of the reply', () => {
  it('follows the question, and the conversation when the words do not tell', () => {
    expect(assistant.understand('How do I get a building permit?').lang).toBe('en');
    expect(assistant.understand('razreshenie za stroej').lang).toBe('bg');
    expect(assistant.understand('?', { lang: 'en' }).lang).toBe('en');
  });
});

describe('numbers', () => {
  it('count where a key phrase names the matter by a number ("акт 16"), not as a date or an amount', async () => {
    const loaded = await loadKnowledge(paths.knowledgeDir);
    if (!loaded.ok) throw new Error('the fixture does not load');
    loaded.kb.byId.get('building-permit')!.keywords.bg.push('акт 16');
    const index = KnowledgeIndex.build(loaded.kb);
    const read = (q: string) => index.search(index.pipeline.read(q));
    expect(read('Можем ли да живеем в къщата без акт 16?').contentWords).toBe(read('Можем ли да живеем в къщата без акт?').contentWords + 1);
    expect(read('Можем ли да живеем в къщата без акт 17?').contentWords).toBe(read('Можем ли да живеем в къщата без акт?').contentWords);
    expect(read('Можем ли да живеем в къщата без акт 16?').candidates[0]).toMatchObject({ id: 'building-permit', keyPhrase: true });
  });
});

describe('another body\'s matter', () => {
  const lost = 'Миналата седмица загубих портфейла си на пазара, какво да правя с личната карта, шофьорската и другите неща там?';
  const told = 'Миналата седмица загубих портфейла си на пазара с личната карта, шофьорската и другите неща там.';
  const withLead = (redirectLead: number) => ({ ...assistant.decisions, thresholds: { ...assistant.decisions.thresholds, redirectLead } });

  it('is answered when it leads a long question and explains enough of it (redirectLead), not before', () => {
    expect(decideWith(lost, withLead(0.2))).toMatchObject({ type: 'answer', entryId: 'redirect-identity-documents' });
    expect(decideWith(lost, withLead(1.01)).type).not.toBe('answer');
  });

  it('is answered when it explains the rarest words of the question well ahead of the runner-up (redirectFocus, redirectRival), not before', () => {
    const withFocus = (redirectFocus: number, redirectRival: number) => ({
      ...assistant.decisions,
      thresholds: { ...assistant.decisions.thresholds, redirectLead: 1.01, redirectFocus, redirectRival },
    });
    expect(decideWith(lost, withFocus(0.3, 0.5))).toMatchObject({ type: 'answer', entryId: 'redirect-identity-documents' });
    expect(decideWith(lost, withFocus(0.5, 0.5)).type).not.toBe('answer');
    // A runner-up that scores close to it keeps it a choice.
    expect(decideWith(lost, withFocus(0.3, 0.01)).type).not.toBe('answer');
  });

  it('is not given for a statement, which is more likely a problem told to the municipality', () => {
    expect(decideWith(told, withLead(0.1))).not.toMatchObject({ type: 'answer' });
  });
});
